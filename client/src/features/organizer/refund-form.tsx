import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import { useMutation } from '@tanstack/react-query';
import { createRefundSchema, formatYuan, objectIdSchema, type RefundView } from '@tongxin/shared';
import { Field } from '@/components/field';
import { asApiError } from '@/services/api';
import { newIdempotencyKey, yuanToFen } from '@/features/donations/yuan';
import { refundDonation } from './organizer.api';
import '@/components/ui.css';

/** What the organizer is told after asking: WeChat Pay may return the money at once, or later (then the tally follows). */
function refundStatusText(refund: RefundView): string {
  const match = refund.matchReturnedFen > 0 ? `，配捐 ${formatYuan(refund.matchReturnedFen)} 退回配捐池` : '';
  switch (refund.status) {
    case 'succeeded': return `已退款 ${formatYuan(refund.amountFen)}${match}`;
    case 'processing': return `退款 ${formatYuan(refund.amountFen)} 已提交，微信支付退回后募捐进度将同步扣减`;
    case 'abnormal': return `退款 ${formatYuan(refund.amountFen)} 原路退回失败，请在微信支付商户平台处理`;
    case 'closed': return `退款 ${formatYuan(refund.amountFen)} 已关闭，款项未退回`;
  }
}

type Errors = Partial<Record<'donationId' | 'amountFen' | 'reason', string>>;

/** Refunds one paid donation by its number (the donor finds it in 我的捐赠 / the receipt). */
export function RefundForm({ onRefunded }: { onRefunded: () => void }) {
  const [donationId, setDonationId] = useState('');
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string>();
  const [done, setDone] = useState<RefundView>();
  // One key per intended refund: a retry after a lost answer refunds once; a success starts a new one.
  const [key, setKey] = useState(newIdempotencyKey);
  const refund = useMutation({
    mutationFn: (v: { id: string; amountFen: number; reason: string }) => refundDonation(v.id, { amountFen: v.amountFen, reason: v.reason }, key),
    onSuccess: (r) => { setDone(r); setFormError(undefined); setKey(newIdempotencyKey()); onRefunded(); },
    onError: (e) => {
      const error = asApiError(e);
      setErrors(Object.fromEntries(error.errors.map((x) => [x.path, x.message])));
      setFormError(error.title);
    },
  });
  // A changed request is a new intended refund, with a new key.
  const edit = (setter: (v: string) => void, value: string) => {
    setter(value);
    setKey(newIdempotencyKey());
  };
  const submit = () => {
    const found: Errors = {};
    const id = objectIdSchema.safeParse(donationId.trim());
    if (!id.success) found.donationId = '捐款编号为 24 位字母数字';
    const parsed = createRefundSchema.safeParse({ amountFen: yuanToFen(amount) ?? undefined, reason });
    if (!parsed.success) for (const issue of parsed.error.issues) found[issue.path[0] as keyof Errors] ??= issue.message;
    setErrors(found);
    setDone(undefined);
    if (!id.success || !parsed.success || Object.keys(found).length > 0) return;
    refund.mutate({ id: id.data, ...parsed.data });
  };
  return (
    <View className='ui-card' data-section='refund'>
      <Text className='ui-subtitle'>退款</Text>
      <Field label='捐款编号' name='donationId' error={errors.donationId}>
        <Input className='ui-input' value={donationId} onInput={(e) => edit(setDonationId, e.detail.value)} nativeProps={{ name: 'donationId', 'aria-label': '捐款编号' }} />
      </Field>
      <Field label='退款金额（元）' name='refundAmount' error={errors.amountFen}>
        <Input className='ui-input' type='digit' value={amount} onInput={(e) => edit(setAmount, e.detail.value)} nativeProps={{ name: 'refundAmount', 'aria-label': '退款金额（元）' }} />
      </Field>
      <Field label='退款原因' name='refundReason' error={errors.reason}>
        <Input className='ui-input' value={reason} onInput={(e) => edit(setReason, e.detail.value)} nativeProps={{ name: 'refundReason', 'aria-label': '退款原因' }} />
      </Field>
      {formError ? <View className='ui-error' role='alert'>{formError}</View> : null}
      {done ? <View className='ui-text' role='status' data-refunded data-refund-status={done.status}>{refundStatusText(done)}</View> : null}
      <Button className='ui-btn ui-btn--plain ui-btn--block' data-action='refund' loading={refund.isPending} onClick={submit}>确认退款</Button>
    </View>
  );
}
