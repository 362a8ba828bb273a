import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReceiptRequestStatus } from '@tongxin/shared';
import { QueryState } from '@/components/query-state';
import { useRequireSession } from '@/features/auth/use-require-session';
import { RECEIPT_STATUS_LABELS } from '@/features/giving/receipt-status';
import { ReceiptRequestCard } from '@/features/organizer/receipt-request-card';
import {
  declineReceiptRequest, fetchOrgReceiptRequests, fetchReceiptPayer, issueReceiptRequest, orgReceiptRequestsKey,
} from '@/features/organizer/receipt-requests.api';
import { fetchMe, meKey } from '@/features/volunteer/volunteer.api';
import { usePullRefresh } from '@/hooks/use-pull-refresh';
import '@/components/ui.css';

const TABS: ReceiptRequestStatus[] = ['requested', 'issued', 'declined'];
const EMPTY: Record<ReceiptRequestStatus, string> = { requested: '没有待开具的票据申请', issued: '还没有开具过票据', declined: '没有退回的申请' };

/** 捐赠票据申请: donors' requests for the organization's receipts, to issue (with the receipt's number) or decline. */
export default function OrganizerReceiptsPage() {
  const signedIn = useRequireSession();
  const me = useQuery({ queryKey: meKey, queryFn: fetchMe, enabled: signedIn });
  const orgId = me.data?.scopes.organizationId ?? '';
  const [status, setStatus] = useState<ReceiptRequestStatus>('requested');
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: orgReceiptRequestsKey(orgId, status), queryFn: () => fetchOrgReceiptRequests(orgId, status), enabled: orgId !== '' });
  usePullRefresh(async () => (orgId !== '' ? list.refetch() : me.refetch()));
  useDidShow(() => void (orgId !== '' && list.refetch()));
  // An issued or declined request leaves this tab and appears in another: every tab is read again.
  const settled = async () => queryClient.invalidateQueries({ queryKey: ['organizer', 'receipt-requests', orgId] });
  if (!signedIn) return null;
  if (me.isSuccess && orgId === '') return <View className='ui-page'><Text className='ui-error' style={{ padding: '32px' }}>只有公益组织的管理员可以处理捐赠票据申请</Text></View>;
  return (
    <View className='ui-page'>
      <View className='ui-card'>
        <Text className='ui-muted'>捐赠人在捐赠后 3 个月内且同一年度内可申请票据；金额为扣除退款后的实收金额。</Text>
        <View className='ui-chips' role='tablist' style={{ marginTop: '16px' }}>
          {TABS.map((s) => (
            <View key={s} className={`ui-chip${s === status ? ' ui-chip--on' : ''}`} role='tab' aria-selected={s === status} data-tab={s} onClick={() => setStatus(s)}>{RECEIPT_STATUS_LABELS[s]}</View>
          ))}
        </View>
      </View>
      <QueryState query={list} loading='正在加载票据申请…' empty={{ when: (page) => page.items.length === 0, title: EMPTY[status] }}>
        {(page) => (
          <>
            {page.items.map((r) => (
              <ReceiptRequestCard
                key={r.id}
                request={r}
                onIssue={async (receiptNumber) => { await issueReceiptRequest(r.id, receiptNumber); await settled(); }}
                onDecline={async (reason) => { await declineReceiptRequest(r.id, reason); await settled(); }}
                onRevealPayer={() => fetchReceiptPayer(r.id)}
              />
            ))}
          </>
        )}
      </QueryState>
    </View>
  );
}
