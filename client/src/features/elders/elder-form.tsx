import { useEffect, useState, type ReactNode } from 'react';
import { Button, Input, Switch, Text, Textarea, View } from '@tarojs/components';
import {
  createElderSchema, ELDER_AGE_BANDS, SUBSIDY_STATUSES, type CreateElderInput, type ElderAgeBand, type SubsidyStatus,
} from '@tongxin/shared';
import { Field } from '@/components/field';
import '@/components/ui.css';

type FieldName = 'name' | 'ageBand' | 'subsidyStatuses' | 'communityCode' | 'deliveryAddress' | 'consent';
type Errors = Partial<Record<FieldName, string>>;

interface ElderFormProps {
  /** The elder's community, once picked (staff: their own; a family member picks it). */
  communityCode: string | null;
  /** Where the community is picked (the region picker on the page). */
  communityPicker: ReactNode;
  /** Creates the record; rejects with an error whose message is shown as is. */
  onSubmit: (input: CreateElderInput) => Promise<void>;
  busy?: boolean;
}

/**
 * Registers an elder for meal bookings: name, age band, subsidy statuses, community, whether they
 * live alone, an optional delivery address (sealed on the server, shown only to the meal point and
 * the delivering volunteer during the delivery) and the elder's or guardian's consent, checked with
 * the shared schema before anything is sent.
 */
export function ElderForm({ communityCode, communityPicker, onSubmit, busy = false }: ElderFormProps) {
  const [name, setName] = useState('');
  const [ageBand, setAgeBand] = useState<ElderAgeBand | ''>('');
  const [statuses, setStatuses] = useState<SubsidyStatus[]>([]);
  const [livesAlone, setLivesAlone] = useState(false);
  const [address, setAddress] = useState('');
  const [consentBy, setConsentBy] = useState<'self' | 'guardian' | ''>('');
  const [errors, setErrors] = useState<Errors>({});

  // A community picked after a refused submit answers that error.
  useEffect(() => {
    if (communityCode) setErrors((c) => ({ ...c, communityCode: undefined }));
  }, [communityCode]);

  const submit = () => {
    const result = createElderSchema.safeParse({
      name, ageBand: ageBand || undefined, subsidyStatuses: statuses, communityCode: communityCode ?? '', livesAlone,
      ...(address.trim() ? { deliveryAddress: address } : {}),
      consent: consentBy ? { given: true, by: consentBy } : undefined,
    });
    if (!result.success) {
      const found: Errors = {};
      for (const issue of result.error.issues) found[issue.path[0] as FieldName] ??= issue.path[0] === 'communityCode' ? '请选择老人所在社区' : issue.message;
      setErrors(found);
      return;
    }
    setErrors({});
    void onSubmit(result.data);
  };

  const clear = (field: FieldName) => setErrors((c) => ({ ...c, [field]: undefined }));
  const toggleStatus = (code: SubsidyStatus) => {
    setStatuses((s) => (s.includes(code) ? s.filter((c) => c !== code) : [...s, code]));
    clear('subsidyStatuses');
  };

  return (
    <View className='elder-form'>
      <Field label='老人姓名' name='name' error={errors.name}>
        <Input
          className={`ui-input${errors.name ? ' ui-input--invalid' : ''}`}
          value={name}
          placeholder='如：王秀英'
          maxlength={30}
          onInput={(e) => { setName(e.detail.value); clear('name'); }}
          nativeProps={{ name: 'elderName', 'aria-label': '老人姓名' }}
        />
      </Field>
      <Field label='年龄段' name='ageBand' error={errors.ageBand}>
        <View className='ui-chips' role='radiogroup' aria-label='年龄段'>
          {ELDER_AGE_BANDS.map((band) => (
            <View key={band.code} className={`ui-chip${ageBand === band.code ? ' ui-chip--on' : ''}`} role='radio'
              aria-checked={ageBand === band.code} data-age-band={band.code} onClick={() => { setAgeBand(band.code); clear('ageBand'); }}>
              {band.label}
            </View>
          ))}
        </View>
      </Field>
      <Field label='补贴身份（可多选，没有可不选）' name='subsidyStatuses' error={errors.subsidyStatuses}>
        <View className='ui-chips' role='group' aria-label='补贴身份'>
          {SUBSIDY_STATUSES.map((status) => (
            <View key={status.code} className={`ui-chip${statuses.includes(status.code) ? ' ui-chip--on' : ''}`} role='checkbox'
              aria-checked={statuses.includes(status.code)} data-status={status.code} onClick={() => toggleStatus(status.code)}>
              {status.label}
            </View>
          ))}
        </View>
      </Field>
      <Field label='所在社区' name='communityCode' error={errors.communityCode}>
        {communityPicker}
      </Field>
      <View className='ui-row'>
        <Text className='ui-label' id='lives-alone-label'>独居</Text>
        <Switch className='ui-switch' checked={livesAlone} color='#c23a26' onChange={(e) => setLivesAlone(e.detail.value)} nativeProps={{ 'aria-labelledby': 'lives-alone-label' }} />
      </View>
      <Field label='送餐地址（选填，仅助餐点和送餐志愿者在送餐时可见）' name='deliveryAddress' error={errors.deliveryAddress}>
        <Textarea
          className={`ui-textarea${errors.deliveryAddress ? ' ui-input--invalid' : ''}`}
          value={address}
          placeholder='如：青羊区某小区 3 栋 2 单元 501'
          maxlength={130}
          onInput={(e) => { setAddress(e.detail.value); clear('deliveryAddress'); }}
          nativeProps={{ name: 'deliveryAddress', 'aria-label': '送餐地址' }}
        />
      </Field>
      <Field label='知情同意' name='consent' error={errors.consent}>
        <View className='ui-chips' role='radiogroup' aria-label='谁同意登记'>
          {([['self', '老人本人同意'], ['guardian', '监护人同意']] as const).map(([code, label]) => (
            <View key={code} className={`ui-chip${consentBy === code ? ' ui-chip--on' : ''}`} role='radio'
              aria-checked={consentBy === code} data-consent={code} onClick={() => { setConsentBy(code); clear('consent'); }}>
              {label}
            </View>
          ))}
        </View>
      </Field>
      <Button className='ui-btn ui-btn--block' data-action='register-elder' loading={busy} disabled={busy || undefined} onClick={submit}>
        登记老人
      </Button>
    </View>
  );
}
