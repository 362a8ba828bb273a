import { useState } from 'react';
import { Button, Input, Text, Textarea, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createDisclosureSchema, formatShanghai, formatYuan, type CampaignView, type DisclosureKind } from '@tongxin/shared';
import { Field } from '@/components/field';
import { asApiError } from '@/services/api';
import { yuanToFen } from '@/features/donations/yuan';
import { disclosuresKey, fetchDisclosures, publishDisclosure } from './organizer.api';
import '@/components/ui.css';

const KIND_LABELS: Record<DisclosureKind, string> = { progress: '进展公示', spending: '善款使用公示', final: '结项报告' };
type Line = { item: string; amount: string };
type Errors = Record<string, string>;

function DueNote({ campaign }: { campaign: CampaignView }) {
  const { dueAt, dueKind, overdue } = campaign.disclosure;
  if (!dueAt) return <Text className='ui-muted'>目前没有到期的公示义务</Text>;
  const what = dueKind === 'final' ? '结项报告' : '定期公示';
  return <Text className={overdue ? 'ui-error' : 'ui-muted'} data-disclosure-due>{overdue ? `${what}已逾期（应于 ${formatShanghai(dueAt)} 前发布）` : `下一次${what}：${formatShanghai(dueAt)} 前`}</Text>;
}

/** The campaign's disclosures (公示): when the next one is due, what was published, and publishing a new one. */
export function DisclosurePanel({ campaign }: { campaign: CampaignView }) {
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: disclosuresKey(campaign.id), queryFn: () => fetchDisclosures(campaign.id) });
  const [kind, setKind] = useState<DisclosureKind>(campaign.status === 'live' ? 'progress' : 'final');
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [lines, setLines] = useState<Line[]>([]);
  const [errors, setErrors] = useState<Errors>({});
  const publish = useMutation({
    mutationFn: (input: Parameters<typeof publishDisclosure>[1]) => publishDisclosure(campaign.id, input),
    onSuccess: () => {
      setTitle(''); setBody(''); setLines([]); setErrors({});
      void queryClient.invalidateQueries({ queryKey: disclosuresKey(campaign.id) });
      void queryClient.invalidateQueries({ queryKey: ['campaigns', campaign.id] });
      void Taro.showToast({ title: '公示已发布', icon: 'success' });
    },
    onError: (e) => {
      const error = asApiError(e);
      setErrors({ ...Object.fromEntries(error.errors.map((x) => [x.path, x.message])), form: error.title });
    },
  });
  const kinds: DisclosureKind[] = campaign.status === 'live' ? ['progress', 'spending'] : ['progress', 'spending', 'final'];
  const submit = () => {
    const found: Errors = {};
    const spendingLines = lines.map((l, i) => {
      const amountFen = yuanToFen(l.amount);
      if (amountFen === null) found[`spendingLines.${i}.amountFen`] = '请填写金额（元）';
      return { item: l.item, amountFen: amountFen ?? 0 };
    });
    const parsed = createDisclosureSchema.safeParse({ kind, title, body, spendingLines });
    if (!parsed.success) for (const issue of parsed.error.issues) found[issue.path.join('.')] ??= issue.message;
    setErrors(found);
    if (parsed.success && Object.keys(found).length === 0) publish.mutate(parsed.data);
  };
  const editLine = (i: number, patch: Partial<Line>) => setLines((all) => all.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  return (
    <View className='ui-card' data-section='disclosures'>
      <Text className='ui-subtitle'>信息公示</Text>
      <DueNote campaign={campaign} />
      {list.isPending ? <Text className='ui-muted'>正在加载已发布的公示…</Text> : null}
      {list.isError ? <Text className='ui-error' onClick={() => void list.refetch()}>{asApiError(list.error).title}，点此重试</Text> : null}
      {list.data?.length === 0 ? <Text className='ui-muted'>还没有发布过公示</Text> : null}
      {list.data?.map((d) => (
        <View key={d.id} className='ui-link' style={{ lineHeight: 'normal', padding: '12px 0' }} data-disclosure={d.id}>
          <Text className='ui-text'>{KIND_LABELS[d.kind]}：{d.title}</Text>
          <Text className='ui-muted'>{formatShanghai(d.publishedAt)}{d.spentFen > 0 ? ` · 支出 ${formatYuan(d.spentFen)}` : ''}</Text>
        </View>
      ))}
      <Field label='公示类型' name='disclosureKind' error={errors.kind}>
        <View className='ui-chips' role='radiogroup' aria-labelledby='label-disclosureKind' data-chips='disclosure-kind'>
          {kinds.map((k) => (
            <View key={k} className={`ui-chip${k === kind ? ' ui-chip--on' : ''}`} role='radio' aria-checked={k === kind} data-code={k} onClick={() => setKind(k)}>{KIND_LABELS[k]}</View>
          ))}
        </View>
      </Field>
      <Field label='标题' name='disclosureTitle' error={errors.title}>
        <Input className='ui-input' value={title} onInput={(e) => setTitle(e.detail.value)} nativeProps={{ name: 'disclosureTitle', 'aria-label': '公示标题' }} />
      </Field>
      <Field label='内容' name='disclosureBody' error={errors.body}>
        <Textarea className='ui-textarea' value={body} onInput={(e) => setBody(e.detail.value)} nativeProps={{ name: 'disclosureBody', 'aria-label': '公示内容' }} />
      </Field>
      {lines.map((l, i) => (
        <View key={i} data-spending-line={i}>
          <Field label={`支出项目 ${i + 1}`} name={`line-${i}-item`} error={errors[`spendingLines.${i}.item`]}>
            <Input className='ui-input' value={l.item} onInput={(e) => editLine(i, { item: e.detail.value })} nativeProps={{ name: `line-${i}-item`, 'aria-label': `支出项目 ${i + 1}` }} />
          </Field>
          <Field label='金额（元）' name={`line-${i}-amount`} error={errors[`spendingLines.${i}.amountFen`]}>
            <Input className='ui-input' type='digit' value={l.amount} onInput={(e) => editLine(i, { amount: e.detail.value })} nativeProps={{ name: `line-${i}-amount`, 'aria-label': `支出项目 ${i + 1} 金额（元）` }} />
          </Field>
        </View>
      ))}
      <Button className='ui-btn ui-btn--plain ui-btn--block' data-action='add-spending-line' onClick={() => setLines((all) => [...all, { item: '', amount: '' }])}>添加支出明细</Button>
      {errors.form ? <View className='ui-error' role='alert'>{errors.form}</View> : null}
      <Button className='ui-btn ui-btn--block' data-action='publish-disclosure' loading={publish.isPending} onClick={submit}>发布公示</Button>
    </View>
  );
}
