import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { formatShanghai, formatYuan, type DonationView, type ReceiptRequestView } from '@tongxin/shared';
import { QueryState } from '@/components/query-state';
import { asApiError } from '@/services/api';
import { useRequireSession } from '@/features/auth/use-require-session';
import { campaignKey, fetchCampaign, fetchMyDonations, myDonationsKey } from '@/features/campaigns/campaigns.api';
import { canRequestReceipt } from '@/features/giving/receipt-eligibility';
import { RECEIPT_STATUS_LABELS } from '@/features/giving/receipt-status';
import { ReceiptRequestForm } from '@/features/giving/receipt-request-form';
import { createReceiptRequest, fetchMyReceiptRequests, myReceiptRequestsKey } from '@/features/giving/receipts.api';
import { usePullRefresh } from '@/hooks/use-pull-refresh';
import '@/components/ui.css';

/** Campaign titles of the donations on screen (cached with the campaign pages). */
function useTitles(donations: DonationView[]): (d: DonationView) => string {
  const queryClient = useQueryClient();
  const ids = [...new Set(donations.map((d) => d.campaignId))];
  useQuery({
    queryKey: ['campaign-titles', ...ids],
    queryFn: async () => Promise.all(ids.map((id) => queryClient.fetchQuery({ queryKey: campaignKey(id), queryFn: () => fetchCampaign(id), staleTime: 60_000 }))),
    enabled: ids.length > 0,
    staleTime: 60_000,
  });
  return (d) => queryClient.getQueryData<{ title: string }>(campaignKey(d.campaignId))?.title ?? '公益项目';
}

function RequestCard({ request }: { request: ReceiptRequestView }) {
  return (
    <View className='ui-card' data-receipt-request={request.id} data-status={request.status}>
      <View className='ui-row' style={{ minHeight: 'auto' }}>
        <Text className='ui-text' style={{ fontWeight: 600 }}>{request.organization.name}</Text>
        <Text className='ui-badge'>{RECEIPT_STATUS_LABELS[request.status]}</Text>
      </View>
      <Text className='ui-text'>付款人：{request.payer.name}{request.payer.kind === 'organization' ? `（${request.payer.creditCode}）` : ''}</Text>
      <Text className='ui-text'>票据金额 {formatYuan(request.receivedFen)} · {request.lines.length} 笔捐赠</Text>
      {request.lines.map((l) => <Text key={l.donationId} className='ui-muted'>{l.campaignTitle} {formatYuan(l.receivedFen)}</Text>)}
      <Text className='ui-muted'>申请于 {formatShanghai(request.requestedAt)}</Text>
      {request.declineReason ? <Text className='ui-error' data-decline-reason>机构退回：{request.declineReason}（可修改后重新申请）</Text> : null}
      {request.receiptNumber ? <Text className='ui-text' data-receipt-number>票据号 {request.receiptNumber}（{formatShanghai(request.issuedAt!)} 开具）</Text> : null}
    </View>
  );
}

/** 捐赠票据: pick paid donations still inside their window and ask for a receipt; the requests and their status. */
export default function ReceiptsPage() {
  const signedIn = useRequireSession();
  const queryClient = useQueryClient();
  const donations = useQuery({ queryKey: [...myDonationsKey, 'first'], queryFn: () => fetchMyDonations(), enabled: signedIn });
  const requests = useQuery({ queryKey: myReceiptRequestsKey, queryFn: () => fetchMyReceiptRequests(), enabled: signedIn });
  const eligible = (donations.data?.items ?? []).filter((d) => canRequestReceipt(d, new Date()));
  const titleOf = useTitles(eligible);
  usePullRefresh(() => Promise.all([donations.refetch(), requests.refetch()]));
  if (!signedIn) return null;

  const submit = async (input: Parameters<typeof createReceiptRequest>[0]) => {
    try {
      await createReceiptRequest(input);
    } catch (thrown) {
      throw new Error(asApiError(thrown).title);
    }
    await Promise.all([queryClient.invalidateQueries({ queryKey: myDonationsKey }), queryClient.invalidateQueries({ queryKey: myReceiptRequestsKey })]);
    await Taro.showToast({ title: '申请已提交', icon: 'success' });
  };

  return (
    <View className='ui-page'>
      <View className='ui-card' data-section='request-receipt'>
        <Text className='ui-subtitle'>申请捐赠票据</Text>
        <Text className='ui-muted'>捐赠后 3 个月内、且在同一年度内可申请；票据金额为实际到账金额。</Text>
        <QueryState query={donations} loading='正在加载可申请的捐赠…' empty={{ when: () => eligible.length === 0, title: '暂无可申请票据的捐赠', hint: '已申请、已全额退款或超过期限的捐赠不能再申请' }}>
          {() => <ReceiptRequestForm donations={eligible} titleOf={titleOf} onSubmit={submit} />}
        </QueryState>
      </View>
      <Text className='ui-subtitle' style={{ margin: '24px' }}>我的申请</Text>
      <QueryState query={requests} loading='正在加载票据申请…' empty={{ when: (p) => p.items.length === 0, title: '还没有票据申请' }}>
        {(page) => page.items.map((r) => <RequestCard key={r.id} request={r} />)}
      </QueryState>
    </View>
  );
}
