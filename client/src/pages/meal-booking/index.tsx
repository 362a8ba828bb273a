import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  formatShanghai, formatYuan, MEALS, SERVICE_MODES, type ElderView, type MealBookingView, type MealCode, type MealPointView, type ServiceMode,
} from '@tongxin/shared';
import { Field } from '@/components/field';
import { QueryState } from '@/components/query-state';
import { StateView } from '@/components/state-view';
import { asApiError } from '@/services/api';
import { useRequireSession } from '@/features/auth/use-require-session';
import { bookMeal, fetchCareMap, fetchMealPoint, fetchMenu, fetchMyElders, mealPointKey, menuKey, myEldersKey } from '@/features/care-map/care-map.api';
import '@/components/ui.css';

const MEAL_LABEL = new Map<string, string>(MEALS.map((m) => [m.code, m.label]));
const MODE_LABEL = new Map<string, string>(SERVICE_MODES.map((m) => [m.code, m.label]));

function Choice<T extends string>({ name, options, chosen, onChoose, disabled }: { name: string; options: Array<{ code: T; label: string }>; chosen: T | ''; onChoose: (v: T) => void; disabled?: (v: T) => boolean }) {
  return (
    <View className='ui-chips' role='radiogroup' aria-labelledby={`label-${name}`} data-choice={name}>
      {options.map((o) => {
        const off = disabled?.(o.code) ?? false;
        return (
          <View key={o.code} className={`ui-chip${o.code === chosen ? ' ui-chip--on' : ''}`} role='radio' aria-checked={o.code === chosen} aria-disabled={off} data-code={o.code}
            style={off ? { opacity: 0.5 } : undefined} onClick={() => !off && onChoose(o.code)}>
            {o.label}
          </View>
        );
      })}
    </View>
  );
}

function Booked({ booking, point }: { booking: MealBookingView; point: MealPointView }) {
  return (
    <View className='ui-card' data-booking={booking.id} role='status'>
      <Text className='ui-title'>订餐成功</Text>
      <Text className='ui-text'>已为 {booking.elderMaskedName} 预订 {booking.date} {MEAL_LABEL.get(booking.meal)}（{MODE_LABEL.get(booking.mode)}）</Text>
      <Text className='ui-text'>{point.name}</Text>
      <Text className='ui-text' data-payable>应付 {formatYuan(booking.price.payableFen)}{booking.price.subsidyFen > 0 ? `（补贴 ${formatYuan(booking.price.subsidyFen)}）` : ''}</Text>
      <Text className='ui-muted'>{formatShanghai(booking.bookingCutoffAt)} 前可以取消</Text>
      <Button className='ui-btn ui-btn--block' onClick={() => void Taro.navigateBack()}>完成</Button>
    </View>
  );
}

function BookingForm({ point, elders, date, meal, initialElder }: { point: MealPointView; elders: ElderView[]; date: string; meal: MealCode; initialElder: string }) {
  const queryClient = useQueryClient();
  const [elderId, setElderId] = useState(elders.some((e) => e.id === initialElder) ? initialElder : elders.length === 1 ? elders[0]!.id : '');
  const [mode, setMode] = useState<ServiceMode>(point.modes[0] ?? 'dine_in');
  const [error, setError] = useState<string>();
  const elder = elders.find((e) => e.id === elderId);
  // The elder's price after subsidy and the places left: the care map's answer for this one point.
  const quote = useQuery({
    queryKey: ['meal-quote', point.id, date, meal, elderId],
    queryFn: async () => (await fetchCareMap({ near: point.location, radiusKm: 0.5, date, meal, available: false, ...(elderId ? { elderId } : {}) })).items.find((i) => i.id === point.id)?.meal ?? null,
  });
  const book = useMutation({
    mutationFn: () => bookMeal(point.id, { elderId, date, meal, mode }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['care-map'] }),
    onError: (e) => setError(asApiError(e).title),
  });
  if (book.data) return <Booked booking={book.data} point={point} />;
  const submit = () => {
    if (!elderId) return setError('请选择为哪位老人订餐');
    setError(undefined);
    book.mutate();
  };
  const service = point.meals.find((m) => m.meal === meal);
  return (
    <View className='ui-card'>
      <Field label='为哪位老人订餐' name='elder'>
        <Choice name='elder' options={elders.map((e) => ({ code: e.id, label: e.maskedName }))} chosen={elderId} onChoose={setElderId} />
      </Field>
      <Field label='用餐方式' name='mode'>
        <Choice
          name='mode'
          options={point.modes.map((m) => ({ code: m, label: MODE_LABEL.get(m) ?? m }))}
          chosen={mode}
          onChoose={setMode}
          disabled={(m) => m === 'delivery' && elder !== undefined && !elder.hasDeliveryAddress}
        />
      </Field>
      {service ? <Text className='ui-muted'>供餐 {service.servesFrom}–{service.servesUntil}，当天 {service.bookingCutoff} 截止预订</Text> : null}
      {quote.data ? (
        <Text className='ui-text' data-quote>
          剩 {quote.data.remaining}/{quote.data.capacity} 份 · {elderId ? `应付 ${formatYuan(quote.data.price.payableFen)}` : `原价 ${formatYuan(quote.data.price.priceFen)}`}
          {elderId && quote.data.price.subsidyFen > 0 ? `（补贴 ${formatYuan(quote.data.price.subsidyFen)}）` : ''}
        </Text>
      ) : null}
      <View className='ui-error' role={error ? 'alert' : undefined}>{error ?? ''}</View>
      <Button className='ui-btn ui-btn--block' data-action='confirm-booking' loading={book.isPending} disabled={book.isPending || undefined} onClick={submit}>确认订餐</Button>
    </View>
  );
}

/** Book one meal at a meal point for an elder the user is linked to (or serves as staff). */
export default function MealBookingPage() {
  const signedIn = useRequireSession();
  const { id = '', date = '', meal = 'lunch', elderId = '' } = useRouter().params;
  const point = useQuery({ queryKey: mealPointKey(id), queryFn: () => fetchMealPoint(id), enabled: signedIn && id !== '' });
  const menu = useQuery({ queryKey: menuKey(id, date), queryFn: () => fetchMenu(id, date), enabled: signedIn && id !== '' && date !== '' });
  const elders = useQuery({ queryKey: myEldersKey, queryFn: fetchMyElders, enabled: signedIn });
  if (!signedIn) return null;
  const dishes = menu.data?.meals[meal as MealCode] ?? [];
  return (
    <View className='ui-page'>
      <QueryState query={point} loading='正在加载助餐点…'>
        {(p) => (
          <>
            <View className='ui-card'>
              <Text className='ui-title' data-point-name>{p.name}</Text>
              <Text className='ui-muted'>{p.address} · 电话 {p.contactPhone}</Text>
              <Text className='ui-text'>{date} {MEAL_LABEL.get(meal)}菜单：{menu.isPending ? '加载中…' : dishes.length > 0 ? dishes.join('、') : '还没有公布'}</Text>
            </View>
            <QueryState
              query={elders}
              loading='正在加载你关心的老人…'
              empty={{ when: (list) => list.length === 0, title: '还没有可以代订的老人', hint: '请社区工作人员登记老人信息，并把你添加为家属' }}
            >
              {(list) => <BookingForm point={p} elders={list} date={date} meal={meal as MealCode} initialElder={elderId} />}
            </QueryState>
            <Button className='ui-btn ui-btn--plain' data-action='new-elder' onClick={() => void Taro.navigateTo({ url: '/pages/elder-new/index' })}>
              登记一位老人
            </Button>
          </>
        )}
      </QueryState>
      {!id ? <StateView kind='error' title='没有指定助餐点' /> : null}
    </View>
  );
}
