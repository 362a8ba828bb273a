import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { useQuery } from '@tanstack/react-query';
import { formatYuan, type CampaignStatus } from '@tongxin/shared';
import { QueryState } from '@/components/query-state';
import { openPage } from '@/features/auth/navigation';
import { useRequireSession } from '@/features/auth/use-require-session';
import { CAMPAIGN_STATUS_LABELS } from '@/features/organizer/campaign-status';
import { fetchOrgCampaigns, orgCampaignsKey } from '@/features/organizer/organizer.api';
import { fetchMe, meKey } from '@/features/volunteer/volunteer.api';
import { usePullRefresh } from '@/hooks/use-pull-refresh';
import '@/components/ui.css';

const TABS: CampaignStatus[] = ['live', 'review', 'draft', 'ended'];

/** The organizer's campaigns by status, and the way to start a new one. */
export default function OrganizerCampaignsPage() {
  const signedIn = useRequireSession();
  const me = useQuery({ queryKey: meKey, queryFn: fetchMe, enabled: signedIn });
  const orgId = me.data?.scopes.organizationId ?? '';
  const [status, setStatus] = useState<CampaignStatus>('live');
  const list = useQuery({ queryKey: orgCampaignsKey(orgId, status), queryFn: () => fetchOrgCampaigns(orgId, status), enabled: orgId !== '' });
  usePullRefresh(async () => (orgId !== '' ? list.refetch() : me.refetch()));
  useDidShow(() => void (orgId !== '' && list.refetch()));
  if (!signedIn) return null;
  if (me.isSuccess && orgId === '') return <View className='ui-page'><Text className='ui-error' style={{ padding: '32px' }}>只有公益组织的管理员可以管理募捐项目</Text></View>;
  return (
    <View className='ui-page'>
      <View className='ui-card'>
        <Button className='ui-btn ui-btn--block' data-action='new-campaign' onClick={() => openPage('organizerCreate')}>发起募捐项目</Button>
        <Button className='ui-btn ui-btn--plain ui-btn--block' data-action='receipt-requests' style={{ marginTop: '16px' }} onClick={() => openPage('organizerReceipts')}>捐赠票据申请</Button>
        <View className='ui-chips' role='tablist' style={{ marginTop: '24px' }}>
          {TABS.map((s) => (
            <View key={s} className={`ui-chip${s === status ? ' ui-chip--on' : ''}`} role='tab' aria-selected={s === status} data-tab={s} onClick={() => setStatus(s)}>{CAMPAIGN_STATUS_LABELS[s]}</View>
          ))}
        </View>
      </View>
      <QueryState query={list} loading='正在加载项目…' empty={{ when: (p) => p.items.length === 0, title: `没有${CAMPAIGN_STATUS_LABELS[status]}的项目` }}>
        {(page) => (
          <>
            {page.items.map((c) => (
              <View key={c.id} className='ui-card' role='link' data-campaign-id={c.id} onClick={() => openPage('organizerDashboard', { id: c.id })}>
                <Text className='ui-text' style={{ fontWeight: 600 }}>{c.title}</Text>
                <Text className='ui-muted'>{CAMPAIGN_STATUS_LABELS[c.status]} · 已筹 {formatYuan(c.tally.raisedFen)} / {formatYuan(c.goalFen)} · {c.tally.donorCount} 人捐款</Text>
              </View>
            ))}
          </>
        )}
      </QueryState>
    </View>
  );
}
