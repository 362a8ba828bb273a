import { useState } from 'react';
import { Button, Input, Switch, Text, Textarea, View } from '@tarojs/components';
import { createDonationSchema, DONATION_LIMITS, formatYuan, type CreateDonationInput } from '@tongxin/shared';
import { Field } from '@/components/field';
import { fenToYuanText, yuanToFen } from './yuan';
import '@/components/ui.css';

/** Preset amounts, in fen. */
export const PRESET_AMOUNTS_FEN = [1_000, 5_000, 10_000, 50_000] as const;

type Errors = Partial<Record<'amountFen' | 'message', string>>;

interface DonationFormProps {
  /** Creates and pays the donation; rejects with an error whose message is shown as is. */
  onSubmit: (input: CreateDonationInput) => Promise<void>;
  busy?: boolean;
}

/**
 * Preset or custom amount (yuan on screen, fen underneath), anonymous and leaderboard (上榜) options and
 * a short message, checked with the shared donation schema before anything is sent.
 */
export function DonationForm({ onSubmit, busy = false }: DonationFormProps) {
  const [preset, setPreset] = useState<number | null>(PRESET_AMOUNTS_FEN[1]);
  const [custom, setCustom] = useState('');
  const [anonymous, setAnonymous] = useState(false);
  const [onLeaderboard, setOnLeaderboard] = useState(false);
  const [message, setMessage] = useState('');
  const [errors, setErrors] = useState<Errors>({});

  const amountFen = preset ?? yuanToFen(custom);

  const validate = (): CreateDonationInput | null => {
    if (amountFen === null) {
      setErrors({ amountFen: custom.trim() === '' ? '请选择或填写捐赠金额' : '金额格式不正确，最多两位小数' });
      return null;
    }
    const result = createDonationSchema.safeParse({ amountFen, anonymous, onLeaderboard, message });
    if (result.success) {
      setErrors({});
      return result.data;
    }
    const found: Errors = {};
    for (const issue of result.error.issues) {
      const key = issue.path[0] as keyof Errors;
      found[key] ??= issue.message;
    }
    setErrors(found);
    return null;
  };

  const submit = () => {
    const input = validate();
    if (input) void onSubmit(input);
  };

  return (
    <View className='donation-form'>
      <Field label='捐赠金额' name='amountFen' error={errors.amountFen}>
        <View className='ui-chips' role='radiogroup' aria-label='捐赠金额'>
          {PRESET_AMOUNTS_FEN.map((fen) => (
            <View
              key={fen}
              className={`ui-chip${preset === fen ? ' ui-chip--on' : ''}`}
              role='radio'
              aria-checked={preset === fen}
              data-amount={fen}
              onClick={() => {
                setPreset(fen);
                setCustom('');
                setErrors({});
              }}
            >
              {fenToYuanText(fen)} 元
            </View>
          ))}
        </View>
        <Input
          className={`ui-input${errors.amountFen ? ' ui-input--invalid' : ''}`}
          style={{ marginTop: '16px' }}
          type='digit'
          value={custom}
          placeholder={`其他金额（${DONATION_LIMITS.minFen / 100}–${DONATION_LIMITS.maxFen / 100} 元）`}
          maxlength={12}
          onInput={(e) => {
            setCustom(e.detail.value);
            setPreset(null);
            setErrors((c) => ({ ...c, amountFen: undefined }));
          }}
          onBlur={() => custom !== '' && validate()}
          nativeProps={{ name: 'customAmount', 'aria-label': '其他金额（元）', inputmode: 'decimal' }}
        />
      </Field>
      <View className='ui-row'>
        <Text className='ui-label' id='anonymous-label'>匿名捐赠</Text>
        <Switch className='ui-switch' checked={anonymous} color='#c23a26' onChange={(e) => setAnonymous(e.detail.value)} nativeProps={{ 'aria-labelledby': 'anonymous-label' }} />
      </View>
      <View className='ui-row' data-field='onLeaderboard'>
        <Text className='ui-label' id='leaderboard-label'>上榜显示（昵称打码）</Text>
        <Switch className='ui-switch' checked={onLeaderboard} color='#c23a26' onChange={(e) => setOnLeaderboard(e.detail.value)}
          nativeProps={{ 'aria-labelledby': 'leaderboard-label', ...(onLeaderboard ? { 'aria-describedby': 'leaderboard-hint' } : {}) }} />
      </View>
      {onLeaderboard ? (
        <Text className='ui-muted' id='leaderboard-hint' data-leaderboard-hint>
          {anonymous ? '匿名捐赠将以“爱心人士”上榜' : '将以昵称首字加 * 显示在爱心榜，如“张*”'}
        </Text>
      ) : null}
      <Field label={`留言（选填，${message.length}/${DONATION_LIMITS.messageMaxChars}）`} name='message' error={errors.message}>
        <Textarea
          className={`ui-textarea${errors.message ? ' ui-input--invalid' : ''}`}
          value={message}
          placeholder='说点什么鼓励一下吧'
          maxlength={DONATION_LIMITS.messageMaxChars + 10}
          onInput={(e) => {
            setMessage(e.detail.value);
            setErrors((c) => ({ ...c, message: undefined }));
          }}
          nativeProps={{ name: 'message', 'aria-label': '留言' }}
        />
      </Field>
      <Button className='ui-btn ui-btn--block' data-action='donate' loading={busy} disabled={busy || undefined} onClick={submit}>
        {amountFen !== null && amountFen > 0 ? `捐赠 ${formatYuan(amountFen)}` : '捐赠'}
      </Button>
    </View>
  );
}
