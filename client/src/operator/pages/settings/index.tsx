import { useEffect, useState } from 'react';
import { Button, Input, Text, Textarea, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { dailyMenuSchema, MEALS, shanghaiDayOf, updateMealPointSchema, type MealCode, type MealPointView } from '@tongxin/shared';
import { Field } from '@/components/field';
import { QueryState } from '@/components/query-state';
import { asApiError } from '@/services/api';
import { fetchMealPoint, fetchMenu, mealPointKey, menuKey } from '@/features/care-map/care-map.api';
import { saveMenu, updateMealPoint } from '@/features/meal-operator/operator.api';
import { useOperatorPoint } from '@/features/meal-operator/operator-point';
import '@/components/ui.css';

const MEAL_LABEL = new Map<string, string>(MEALS.map((m) => [m.code, m.label]));
const DAY_MS = 86_400_000;
const toast = (title: string) => void Taro.showToast({ title, icon: 'none', duration: 2500 });

/** Portions per meal: the whole `meals` list is sent back with the new capacities (PATCH replaces the list). */
function Capacity({ point }: { point: MealPointView }) {
  const queryClient = useQueryClient();
  const [counts, setCounts] = useState<Record<string, string>>(() => Object.fromEntries(point.meals.map((m) => [m.meal, String(m.capacity)])));
  const [error, setError] = useState<string>();
  const save = useMutation({
    mutationFn: (meals: MealPointView['meals']) => updateMealPoint(point.id, { meals }),
    onSuccess: (updated) => { queryClient.setQueryData(mealPointKey(point.id), updated); toast('份数已保存'); },
    onError: (e) => setError(asApiError(e).title),
  });
  const submit = () => {
    const parsed = updateMealPointSchema.safeParse({ meals: point.meals.map((m) => ({ ...m, capacity: Number(counts[m.meal]) })) });
    if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? '份数不正确');
    setError(undefined);
    save.mutate(parsed.data.meals!);
  };
  return (
    <View className='ui-card'>
      <Text className='ui-subtitle'>每餐份数</Text>
      {point.meals.map((m) => (
        <Field key={m.meal} label={`${MEAL_LABEL.get(m.meal)}（${m.servesFrom}–${m.servesUntil}）`} name={`capacity-${m.meal}`}>
          <Input className='ui-input' type='number' value={counts[m.meal]} onInput={(e) => setCounts((c) => ({ ...c, [m.meal]: e.detail.value }))}
            nativeProps={{ name: `capacity-${m.meal}`, 'aria-label': `${MEAL_LABEL.get(m.meal)}份数` }} />
        </Field>
      ))}
      <View className='ui-error' role={error ? 'alert' : undefined}>{error ?? ''}</View>
      <Button className='ui-btn ui-btn--block' data-action='save-capacity' loading={save.isPending} onClick={submit}>保存份数</Button>
    </View>
  );
}

const dishesOf = (text: string) => text.split(/[、，,\n]+/).map((d) => d.trim()).filter((d) => d !== '');

function Menu({ point }: { point: MealPointView }) {
  const [offset, setOffset] = useState(0);
  const date = shanghaiDayOf(new Date(Date.now() + offset * DAY_MS));
  const menu = useQuery({ queryKey: menuKey(point.id, date), queryFn: () => fetchMenu(point.id, date) });
  const [texts, setTexts] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  useEffect(() => {
    if (menu.data) setTexts(Object.fromEntries(point.meals.map((m) => [m.meal, (menu.data.meals[m.meal] ?? []).join('、')])));
  }, [menu.data, point.meals]);
  const save = useMutation({ mutationFn: (body: Parameters<typeof saveMenu>[2]) => saveMenu(point.id, date, body), onSuccess: () => toast('菜单已保存'), onError: (e) => setError(asApiError(e).title) });
  const submit = () => {
    const meals = Object.fromEntries(point.meals.map((m) => [m.meal, dishesOf(texts[m.meal] ?? '')])) as Partial<Record<MealCode, string[]>>;
    const parsed = dailyMenuSchema.safeParse({ meals });
    if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? '菜单不正确');
    setError(undefined);
    save.mutate(parsed.data);
  };
  return (
    <View className='ui-card'>
      <Text className='ui-subtitle'>菜单</Text>
      <View className='ui-chips' role='radiogroup' aria-label='菜单日期'>
        {['今天', '明天'].map((label, v) => (
          <View key={v} className={`ui-chip${v === offset ? ' ui-chip--on' : ''}`} role='radio' aria-checked={v === offset} onClick={() => setOffset(v)}>{label}</View>
        ))}
      </View>
      <Text className='ui-muted'>{date}；菜名之间用顿号或换行隔开</Text>
      {menu.isPending ? <Text className='ui-muted'>正在加载菜单…</Text> : point.meals.map((m) => (
        <Field key={m.meal} label={`${MEAL_LABEL.get(m.meal)}菜品`} name={`menu-${m.meal}`}>
          <Textarea className='ui-textarea' value={texts[m.meal] ?? ''} onInput={(e) => setTexts((t) => ({ ...t, [m.meal]: e.detail.value }))}
            nativeProps={{ name: `menu-${m.meal}`, 'aria-label': `${MEAL_LABEL.get(m.meal)}菜品` }} />
        </Field>
      ))}
      <View className='ui-error' role={error ? 'alert' : undefined}>{error ?? ''}</View>
      <Button className='ui-btn ui-btn--block' data-action='save-menu' loading={save.isPending} disabled={menu.isPending || undefined} onClick={submit}>保存菜单</Button>
    </View>
  );
}

/** The operator sets portions per meal and publishes the menu of today or tomorrow. */
export default function OperatorSettingsPage() {
  const { signedIn, pointId, unbound } = useOperatorPoint();
  const point = useQuery({ queryKey: mealPointKey(pointId), queryFn: () => fetchMealPoint(pointId), enabled: pointId !== '' });
  if (!signedIn) return null;
  if (unbound) return <View className='ui-page'><Text className='ui-error' style={{ padding: '32px' }}>你的账号还没有绑定助餐点</Text></View>;
  return (
    <View className='ui-page'>
      <QueryState query={point} loading='正在加载助餐点…'>
        {(p) => (
          <>
            <View className='ui-card'><Text className='ui-title'>{p.name}</Text><Text className='ui-muted'>{p.address}</Text></View>
            {p.meals.length === 0 ? <Text className='ui-muted' style={{ padding: '0 48px' }}>这里不提供餐次</Text> : (
              <>
                <Capacity point={p} />
                <Menu point={p} />
              </>
            )}
          </>
        )}
      </QueryState>
    </View>
  );
}
