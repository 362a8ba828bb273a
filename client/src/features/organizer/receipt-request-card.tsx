import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import {
  declineReceiptRequestSchema, formatShanghai, formatYuan, issueReceiptRequestSchema, type ReceiptPayer, type ReceiptRequestView,
} from '@tongxin/shared';
import { Field } from '@/components/field';
import { asApiError } from '@/services/api';
import { RECEIPT_STATUS_LABELS } from '@/features/giving/receipt-status';
import '@/components/ui.css';

export interface ReceiptRequestActions {
  /** Resolves once the server has it; a rejection's message is shown on the card. */
  onIssue: (receiptNumber: string) => Promise<unknown>;
  onDecline: (reason: string) => Promise<unknown>;
  /** The whole payer (the server audits each view). */
  onRevealPayer: () => Promise<ReceiptPayer>;
}

function payerText(payer: ReceiptPayer): string {
  return payer.kind === 'person' ? `${payer.name}（个人）` : `${payer.name}（单位，统一社会信用代码 ${payer.creditCode}）`;
}

type Mode = 'idle' | 'issue' | 'decline';

/** One receipt request on the organizer's list: what to make out, to whom, and issuing or declining it. */
export function ReceiptRequestCard({ request, onIssue, onDecline, onRevealPayer }: { request: ReceiptRequestView } & ReceiptRequestActions) {
  const [mode, setMode] = useState<Mode>('idle');
  const [value, setValue] = useState('');
  const [fieldError, setFieldError] = useState<string>();
  const [formError, setFormError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [payer, setPayer] = useState<ReceiptPayer>();

  const choose = (next: Mode) => {
    setMode(next);
    setValue('');
    setFieldError(undefined);
    setFormError(undefined);
  };
  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setFormError(undefined);
    try {
      await action();
      choose('idle');
    } catch (error) {
      setFormError(asApiError(error).title);
    } finally {
      setBusy(false);
    }
  };
  const confirm = () => {
    const parsed = mode === 'issue'
      ? issueReceiptRequestSchema.safeParse({ receiptNumber: value })
      : declineReceiptRequestSchema.safeParse({ reason: value });
    if (!parsed.success) {
      setFieldError(parsed.error.issues[0]?.message);
      return;
    }
    setFieldError(undefined);
    const data = parsed.data as { receiptNumber?: string; reason?: string };
    void run(() => (mode === 'issue' ? onIssue(data.receiptNumber!) : onDecline(data.reason!)));
  };
  const reveal = () => void run(async () => setPayer(await onRevealPayer()));

  return (
    <View className='ui-card' data-receipt-request={request.id} data-status={request.status}>
      <View className='ui-row' style={{ minHeight: 'auto' }}>
        <Text className='ui-text' style={{ fontWeight: 600 }}>票据金额 {formatYuan(request.receivedFen)}</Text>
        <Text className='ui-badge'>{RECEIPT_STATUS_LABELS[request.status]}</Text>
      </View>
      <Text className='ui-text' data-payer>付款人：{payerText(payer ?? request.payer)}</Text>
      {request.payerMasked && !payer ? (
        <Button className='ui-btn ui-btn--plain ui-btn--small' data-action='reveal-payer' loading={busy && mode === 'idle'} onClick={reveal}>查看完整付款人信息</Button>
      ) : null}
      {payer ? <Text className='ui-muted'>完整信息仅用于开具票据，本次查看已记录备查</Text> : null}
      {request.lines.map((l) => (
        <Text key={l.donationId} className='ui-muted'>
          {l.campaignTitle} · 实收 {formatYuan(l.receivedFen)}{l.receivedFen !== l.amountFen ? `（捐赠 ${formatYuan(l.amountFen)}，已退款 ${formatYuan(l.amountFen - l.receivedFen)}）` : ''} · {formatShanghai(l.paidAt)}
        </Text>
      ))}
      <Text className='ui-muted'>申请于 {formatShanghai(request.requestedAt)}</Text>
      {request.receiptNumber ? <Text className='ui-text' data-receipt-number>票据号 {request.receiptNumber}（{formatShanghai(request.issuedAt!)} 开具）</Text> : null}
      {request.declineReason ? <Text className='ui-text' data-decline-reason>退回原因：{request.declineReason}</Text> : null}

      {request.status === 'requested' && mode === 'idle' ? (
        <View className='ui-row' style={{ minHeight: 'auto', gap: '16px' }}>
          <Button className='ui-btn ui-btn--small' data-action='issue' onClick={() => choose('issue')}>开具票据</Button>
          <Button className='ui-btn ui-btn--plain ui-btn--small' data-action='decline' onClick={() => choose('decline')}>退回申请</Button>
        </View>
      ) : null}
      {mode !== 'idle' ? (
        <View data-form={mode}>
          <Field label={mode === 'issue' ? '票据号码' : '退回原因'} name={mode === 'issue' ? 'receiptNumber' : 'declineReason'} error={fieldError}>
            <Input
              className='ui-input' value={value} onInput={(e) => setValue(e.detail.value)}
              nativeProps={{ name: mode === 'issue' ? 'receiptNumber' : 'declineReason', 'aria-label': mode === 'issue' ? '票据号码' : '退回原因' }}
            />
          </Field>
          <View className='ui-row' style={{ minHeight: 'auto', gap: '16px' }}>
            <Button className='ui-btn ui-btn--small' data-action='confirm' loading={busy} onClick={confirm}>{mode === 'issue' ? '确认开具' : '确认退回'}</Button>
            <Button className='ui-btn ui-btn--plain ui-btn--small' data-action='cancel' onClick={() => choose('idle')}>取消</Button>
          </View>
        </View>
      ) : null}
      {formError ? <View className='ui-error' role='alert'>{formError}</View> : null}
    </View>
  );
}
