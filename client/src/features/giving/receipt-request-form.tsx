import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import { createReceiptRequestSchema, formatShanghai, formatYuan, type CreateReceiptRequestInput, type DonationView } from '@tongxin/shared';
import { Field } from '@/components/field';
import { lastRequestDay } from './receipt-eligibility';
import '@/components/ui.css';

type PayerKind = 'person' | 'organization';
type Errors = Partial<Record<'donationIds' | 'name' | 'creditCode' | 'form', string>>;

interface ReceiptRequestFormProps {
  /** Donations the receipt may cover (already filtered to those eligible). */
  donations: DonationView[];
  /** The campaign's title for a donation, when known. */
  titleOf: (donation: DonationView) => string;
  /** Sends the request; rejects with an error whose message is shown as is. */
  onSubmit: (input: CreateReceiptRequestInput) => Promise<void>;
  busy?: boolean;
}

/** Picks eligible donations and the payer (a person, or an organization with its credit code), checked with the shared schema. */
export function ReceiptRequestForm({ donations, titleOf, onSubmit, busy = false }: ReceiptRequestFormProps) {
  const [picked, setPicked] = useState<string[]>([]);
  const [kind, setKind] = useState<PayerKind>('person');
  const [name, setName] = useState('');
  const [creditCode, setCreditCode] = useState('');
  const [errors, setErrors] = useState<Errors>({});

  const toggle = (id: string) => setPicked((now) => (now.includes(id) ? now.filter((x) => x !== id) : [...now, id]));
  const totalFen = donations.filter((d) => picked.includes(d.id)).reduce((sum, d) => sum + d.amountFen - d.refundedFen, 0);

  const submit = async () => {
    const payer = kind === 'person' ? { kind, name } : { kind, name, creditCode };
    const parsed = createReceiptRequestSchema.safeParse({ donationIds: picked, payer });
    if (!parsed.success) {
      const found: Errors = {};
      for (const issue of parsed.error.issues) {
        const key = issue.path[0] === 'donationIds' ? 'donationIds' : issue.path[1] === 'creditCode' ? 'creditCode' : 'name';
        found[key] ??= issue.message;
      }
      setErrors(found);
      return;
    }
    setErrors({});
    try {
      await onSubmit(parsed.data);
      setPicked([]);
    } catch (thrown) {
      setErrors({ form: thrown instanceof Error ? thrown.message : '提交失败，请重试' });
    }
  };

  return (
    <View className='receipt-request-form'>
      <Field label='选择捐赠' name='donationIds' error={errors.donationIds}>
        <View role='group' aria-label='选择捐赠'>
          {donations.map((d) => {
            const on = picked.includes(d.id);
            return (
              <View key={d.id} className={`ui-row ui-chip${on ? ' ui-chip--on' : ''}`} role='checkbox' aria-checked={on} data-pick={d.id} onClick={() => toggle(d.id)}
                style={{ display: 'flex', margin: '8px 0' }}>
                <Text className='ui-text'>{on ? '☑' : '☐'} {titleOf(d)} · {formatShanghai(d.paidAt ?? d.createdAt)}</Text>
                <Text className='ui-text'>{formatYuan(d.amountFen - d.refundedFen)}（{lastRequestDay(d.paidAt ?? d.createdAt)} 前可申请）</Text>
              </View>
            );
          })}
        </View>
      </Field>
      <Field label='付款人类型' name='payerKind'>
        <View className='ui-chips' role='radiogroup' aria-label='付款人类型'>
          {(['person', 'organization'] as const).map((k) => (
            <View key={k} className={`ui-chip${kind === k ? ' ui-chip--on' : ''}`} role='radio' aria-checked={kind === k} data-payer-kind={k} onClick={() => setKind(k)}>
              {k === 'person' ? '个人' : '单位'}
            </View>
          ))}
        </View>
      </Field>
      <Field label={kind === 'person' ? '付款人姓名' : '单位名称'} name='payerName' error={errors.name}>
        <Input className='ui-input' value={name} onInput={(e) => setName(e.detail.value)} nativeProps={{ name: 'payerName', 'aria-label': kind === 'person' ? '付款人姓名' : '单位名称' }} />
      </Field>
      {kind === 'organization' ? (
        <Field label='统一社会信用代码' name='creditCode' error={errors.creditCode}>
          <Input className='ui-input' value={creditCode} maxlength={18} onInput={(e) => setCreditCode(e.detail.value)} nativeProps={{ name: 'creditCode', 'aria-label': '统一社会信用代码' }} />
        </Field>
      ) : null}
      {errors.form ? <View className='ui-error' role='alert'>{errors.form}</View> : null}
      <Text className='ui-muted'>已选 {picked.length} 笔，票据金额 {formatYuan(totalFen)}（实际到账金额，已扣除退款）</Text>
      <Button className='ui-btn ui-btn--block' data-action='request-receipt' loading={busy} disabled={busy} onClick={() => void submit()}>提交申请</Button>
    </View>
  );
}
