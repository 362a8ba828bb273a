import { useState } from 'react';
import { Button, Input, Text, Textarea, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useMutation, useQuery } from '@tanstack/react-query';
import { BENEFICIARY_TYPES, NEED_CATEGORIES, SKILLS, type BeneficiaryType, type CreateNeedBody, type NeedCategory, type SkillCode } from '@tongxin/shared';
import { Field } from '@/components/field';
import { QueryState } from '@/components/query-state';
import { asApiError } from '@/services/api';
import { useRequireSession } from '@/features/auth/use-require-session';
import { fetchMe, meKey } from '@/features/volunteer/volunteer.api';
import { needErrors, shiftsOf, tomorrowInShanghai, type NeedErrors, type ShiftDraft } from '@/features/staff/shift-drafts';
import { postNeed } from '@/features/staff/staff.api';
import { ROUTES } from '@/features/auth/navigation';
import '@/components/ui.css';

function Chips<T extends string>({ name, options, chosen, onToggle }: { name: string; options: ReadonlyArray<{ code: T; label: string }>; chosen: T[]; onToggle: (code: T) => void }) {
  return (
    <View className='ui-chips' data-chips={name}>
      {options.map((o) => (
        <View key={o.code} className={`ui-chip${chosen.includes(o.code) ? ' ui-chip--on' : ''}`} role='checkbox' aria-checked={chosen.includes(o.code)} data-code={o.code} onClick={() => onToggle(o.code)}>
          {o.label}
        </View>
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

export default function PostNeedPage() {
  const signedIn = useRequireSession();
  const me = useQuery({ queryKey: meKey, queryFn: fetchMe, enabled: signedIn });
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [category, setCategory] = useState<NeedCategory>('elderly_visit');
  const [beneficiary, setBeneficiary] = useState<BeneficiaryType>('elderly_alone');
  const [skills, setSkills] = useState<SkillCode[]>([]);
  const [shifts, setShifts] = useState<ShiftDraft[]>([{ date: tomorrowInShanghai(), start: '09:00', end: '11:00', capacity: '5' }]);
  const [weeks, setWeeks] = useState('1');
  const [errors, setErrors] = useState<NeedErrors>({});
  const [formError, setFormError] = useState<string | null>(null);

  const post = useMutation({
    mutationFn: postNeed,
    onSuccess: (need) => void Taro.redirectTo({ url: `${ROUTES.staffNeed}?id=${need.id}` }),
    onError: (thrown) => {
      const error = asApiError(thrown);
      setErrors(Object.fromEntries(error.errors.map((e) => [e.path, e.message])));
      setFormError(error.title);
    },
  });

  const communityCode = me.data?.scopes.communityCode;
  if (!signedIn) return null;
  // Who is posting decides the community: nothing to fill in until that is known (or failed, with a retry).
  if (!me.isSuccess) return <QueryState query={me} loading='正在加载…'>{() => null}</QueryState>;
  if (!communityCode) return <Text className='ui-error'>只有社区工作者可以发布需求</Text>;

  const editShift = (i: number, patch: Partial<ShiftDraft>) => setShifts((all) => all.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  const submit = () => {
    const weekCount = Number(weeks);
    const body: CreateNeedBody = {
      title, description, category, beneficiaryType: beneficiary, communityCode: communityCode ?? '', requiredSkills: skills,
      shifts: shiftsOf(shifts), publish: true,
      ...(weekCount > 1 ? { recurrence: { weeks: weekCount } } : {}),
    };
    const found = needErrors(body, shifts);
    if (!Number.isInteger(weekCount) || weekCount < 1 || weekCount > 12) found.recurrence = '重复周数应为 1–12';
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setFormError('请先改正标红的内容');
      return;
    }
    setFormError(null);
    post.mutate(body);
  };

  return (
    <View className='ui-page'>
      <View className='ui-card'>
        <TextField label='标题' name='title' value={title} error={errors.title} placeholder='如：陪伴独居老人散步' onChange={setTitle} />
        <Field label='说明' name='description' error={errors.description}>
          <Textarea className='ui-textarea' value={description} onInput={(e) => setDescription(e.detail.value)} nativeProps={{ name: 'description', 'aria-label': '说明' }} />
        </Field>
        <Field label='服务类别' name='category' error={errors.category}>
          <Chips name='category' options={NEED_CATEGORIES} chosen={[category]} onToggle={setCategory} />
        </Field>
        <Field label='服务对象' name='beneficiaryType' error={errors.beneficiaryType}>
          <Chips name='beneficiary' options={BENEFICIARY_TYPES} chosen={[beneficiary]} onToggle={setBeneficiary} />
        </Field>
        <Field label='需要的技能（可不选）' name='requiredSkills' error={errors.requiredSkills}>
          <Chips name='skills' options={SKILLS} chosen={skills} onToggle={(code) => setSkills((s) => (s.includes(code) ? s.filter((c) => c !== code) : [...s, code]))} />
        </Field>
      </View>
      {shifts.map((shift, i) => (
        <View key={i} className='ui-card' data-shift-draft={i}>
          <Text className='ui-subtitle'>班次 {i + 1}（北京时间）</Text>
          <TextField label='日期' name={`shift-${i}-date`} value={shift.date} placeholder='2026-12-01' error={errors[`shifts.${i}.startsAt`]} onChange={(date) => editShift(i, { date })} />
          <TextField label='开始时间' name={`shift-${i}-start`} value={shift.start} placeholder='09:00' onChange={(start) => editShift(i, { start })} />
          <TextField label='结束时间' name={`shift-${i}-end`} value={shift.end} placeholder='11:00' error={errors[`shifts.${i}.endsAt`]} onChange={(end) => editShift(i, { end })} />
          <TextField label='人数' name={`shift-${i}-capacity`} value={shift.capacity} error={errors[`shifts.${i}.capacity`]} onChange={(capacity) => editShift(i, { capacity })} />
          {shifts.length > 1 ? <Button className='ui-btn ui-btn--plain ui-btn--small' onClick={() => setShifts((all) => all.filter((_, j) => j !== i))}>删除班次</Button> : null}
        </View>
      ))}
      <View className='ui-card'>
        <Button className='ui-btn ui-btn--plain ui-btn--block' onClick={() => setShifts((all) => [...all, { ...all[all.length - 1]! }])}>添加班次</Button>
        <TextField label='每周重复（共几周，1 表示不重复）' name='weeks' value={weeks} error={errors.recurrence ?? errors['recurrence.weeks']} onChange={setWeeks} />
        {errors.shifts ? <Text className='ui-error'>{errors.shifts}</Text> : null}
      </View>
      {formError ? <View className='ui-error' role='alert' style={{ margin: '0 32px' }}>{formError}</View> : null}
      <View style={{ padding: '0 24px' }}>
        <Button className='ui-btn ui-btn--block' data-action='post-need' loading={post.isPending} disabled={post.isPending || undefined} onClick={submit}>发布</Button>
      </View>
    </View>
  );
}
