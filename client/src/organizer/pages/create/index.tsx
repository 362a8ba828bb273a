import { useState } from 'react';
import { Button, Input, Text, Textarea, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useMutation, useQuery } from '@tanstack/react-query';
import { CAMPAIGN_CATEGORIES, createCampaignSchema, shanghaiDayOf, shanghaiInstant, type CampaignCategory } from '@tongxin/shared';
import { Field } from '@/components/field';
import { QueryState } from '@/components/query-state';
import { asApiError } from '@/services/api';
import { routeTo } from '@/features/auth/navigation';
import { useRequireSession } from '@/features/auth/use-require-session';
import { yuanToFen } from '@/features/donations/yuan';
import { createCampaign } from '@/features/organizer/organizer.api';
import { fetchMe, meKey } from '@/features/volunteer/volunteer.api';
import '@/components/ui.css';

const BENEFICIARY_KINDS = [{ code: 'group', label: '特定群体' }, { code: 'institution', label: '机构' }, { code: 'community', label: '社区' }] as const;
type BeneficiaryKind = (typeof BENEFICIARY_KINDS)[number]['code'];
const DAY_MS = 86_400_000;
const dayAfter = (days: number) => shanghaiDayOf(new Date(Date.now() + days * DAY_MS));
const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

type Errors = Record<string, string>;

function Chips<T extends string>({ name, options, chosen, onChoose }: { name: string; options: ReadonlyArray<{ code: T; label: string }>; chosen: T; onChoose: (v: T) => void }) {
  return (
    <View className='ui-chips' role='radiogroup' aria-labelledby={`label-${name}`} data-chips={name}>
      {options.map((o) => (
        <View key={o.code} className={`ui-chip${o.code === chosen ? ' ui-chip--on' : ''}`} role='radio' aria-checked={o.code === chosen} data-code={o.code} onClick={() => onChoose(o.code)}>{o.label}</View>
      ))}
    </View>
  );
}

function TextField({ label, name, value, error, placeholder, onChange }: { label: string; name: string; value: string; error?: string; placeholder?: string; onChange: (v: string) => void }) {
  return (
    <Field label={label} name={name} error={error}>
      <Input className={`ui-input${error ? ' ui-input--invalid' : ''}`} value={value} placeholder={placeholder} onInput={(e) => onChange(e.detail.value)} nativeProps={{ name, 'aria-label': label }} />
    </Field>
  );
}

/** An organization admin drafts a campaign; the plan's filing (备案) can be added now or before review. */
export default function CreateCampaignPage() {
  const signedIn = useRequireSession();
  const me = useQuery({ queryKey: meKey, queryFn: fetchMe, enabled: signedIn });
  const [form, setForm] = useState({
    title: '', summary: '', goal: '', starts: dayAfter(11), ends: dayAfter(41), beneficiary: '', filingNumber: '', filedOn: '',
  });
  const [category, setCategory] = useState<CampaignCategory>('elderly');
  const [kind, setKind] = useState<BeneficiaryKind>('group');
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string>();
  const set = (key: keyof typeof form) => (value: string) => setForm((f) => ({ ...f, [key]: value }));
  const create = useMutation({
    mutationFn: createCampaign,
    onSuccess: (c) => void Taro.redirectTo({ url: routeTo('organizerDashboard', { id: c.id }) }),
    onError: (e) => {
      const error = asApiError(e);
      setErrors(Object.fromEntries(error.errors.map((x) => [x.path, x.message])));
      setFormError(error.title);
    },
  });
  const orgId = me.data?.scopes.organizationId;
  if (!signedIn) return null;
  // The campaign belongs to the admin's organization: nothing to fill in until that is known (or failed, with a retry).
  if (!me.isSuccess) return <QueryState query={me} loading='正在加载…'>{() => null}</QueryState>;
  if (!orgId) return <Text className='ui-error'>只有公益组织的管理员可以发起募捐</Text>;

  const submit = () => {
    const found: Errors = {};
    const goalFen = yuanToFen(form.goal);
    if (goalFen === null) found.goalFen = '请填写目标金额（元）';
    if (!DAY_PATTERN.test(form.starts)) found.startsAt = '日期格式应为 2026-12-01';
    if (!DAY_PATTERN.test(form.ends)) found.endsAt = '日期格式应为 2026-12-01';
    if (form.filingNumber !== '' && !DAY_PATTERN.test(form.filedOn)) found['filing.filedAt'] = '请填写备案日期，如 2026-11-20';
    const body = {
      organizationId: orgId ?? '', title: form.title, summary: form.summary, goalFen: goalFen ?? 0, category,
      startsAt: DAY_PATTERN.test(form.starts) ? shanghaiInstant(form.starts, '00:00').toISOString() : '',
      endsAt: DAY_PATTERN.test(form.ends) ? shanghaiInstant(form.ends, '23:59').toISOString() : '',
      beneficiary: { kind, description: form.beneficiary },
      ...(form.filingNumber !== '' && DAY_PATTERN.test(form.filedOn) ? { filing: { number: form.filingNumber, filedAt: shanghaiInstant(form.filedOn, '09:00').toISOString() } } : {}),
    };
    const parsed = createCampaignSchema.safeParse(body);
    if (!parsed.success) for (const issue of parsed.error.issues) found[issue.path.join('.')] ??= issue.message;
    setErrors(found);
    if (Object.keys(found).length > 0 || !parsed.success) return setFormError('请先改正标红的内容');
    setFormError(undefined);
    create.mutate(parsed.data);
  };

  return (
    <View className='ui-page'>
      <View className='ui-card'>
        <TextField label='项目标题' name='title' value={form.title} error={errors.title} placeholder='如：为独居老人送冬衣' onChange={set('title')} />
        <Field label='项目简介' name='summary' error={errors.summary}>
          <Textarea className='ui-textarea' value={form.summary} onInput={(e) => set('summary')(e.detail.value)} nativeProps={{ name: 'summary', 'aria-label': '项目简介' }} />
        </Field>
        <Field label='项目类别' name='category' error={errors.category}>
          <Chips name='category' options={CAMPAIGN_CATEGORIES} chosen={category} onChoose={setCategory} />
        </Field>
        <TextField label='目标金额（元）' name='goal' value={form.goal} error={errors.goalFen} placeholder='至少 100 元' onChange={set('goal')} />
        <TextField label='开始日期（北京时间）' name='starts' value={form.starts} error={errors.startsAt} onChange={set('starts')} />
        <TextField label='结束日期' name='ends' value={form.ends} error={errors.endsAt} onChange={set('ends')} />
      </View>
      <View className='ui-card'>
        <Field label='受益对象类型' name='beneficiaryKind' error={errors['beneficiary.kind']}>
          <Chips name='beneficiary' options={BENEFICIARY_KINDS} chosen={kind} onChoose={setKind} />
        </Field>
        <TextField label='受益对象描述' name='beneficiary' value={form.beneficiary} error={errors['beneficiary.description']} placeholder='如：锦江区 200 位独居老人' onChange={set('beneficiary')} />
        <TextField label='募捐方案备案编号（可稍后填写）' name='filingNumber' value={form.filingNumber} error={errors['filing.number']} onChange={set('filingNumber')} />
        <TextField label='备案日期' name='filedOn' value={form.filedOn} error={errors['filing.filedAt']} placeholder='如 2026-11-20' onChange={set('filedOn')} />
        <Text className='ui-muted'>方案须在开始前至少 10 天备案，审核通过后项目才会上线。</Text>
      </View>
      {formError ? <View className='ui-error' role='alert' style={{ margin: '0 32px' }}>{formError}</View> : null}
      <View style={{ padding: '0 24px' }}>
        <Button className='ui-btn ui-btn--block' data-action='create-campaign' loading={create.isPending} disabled={create.isPending || undefined} onClick={submit}>保存草稿</Button>
      </View>
    </View>
  );
}
