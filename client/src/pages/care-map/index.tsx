import { useMemo, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { MEALS, shanghaiDayOf, type MealCode } from '@tongxin/shared';
import { StateView } from '@/components/state-view';
import { asApiError } from '@/services/api';
import { goToLogin, openPage } from '@/features/auth/navigation';
import { useRequireSession } from '@/features/auth/use-require-session';
import { CareEntryCard } from '@/features/care-map/care-entry-card';
import { careMapKey, fetchCareMap, fetchMyElders, fetchNeedsNear, myEldersKey, needsNearKey, type CareMapFilter } from '@/features/care-map/care-map.api';
import { mergeEntries, pinsOf, PIN_LABELS, type PinKind } from '@/features/care-map/care-map-pins';
import { CareMapView } from '@/features/care-map/care-map-view';
import { useCarePlace } from '@/features/care-map/use-care-place';
import { RegionPicker } from '@/features/regions/region-picker';
import { usePullRefresh } from '@/hooks/use-pull-refresh';
import '@/components/ui.css';
import '@/features/care-map/care-map.css';

type KindFilter = 'all' | PinKind;
const KINDS: Array<{ code: KindFilter; label: string }> = [{ code: 'all', label: '全部' }, ...(['meal_point', 'service_station', 'need'] as const).map((code) => ({ code, label: PIN_LABELS[code] }))];
const RADII = [1, 3, 5] as const;
const DAY_MS = 86_400_000;

function Chips<T extends string | number>({ name, label, options, chosen, onChoose }: { name: string; label: string; options: ReadonlyArray<{ code: T; label: string }>; chosen: T; onChoose: (v: T) => void }) {
  return (
    <View className='ui-field'>
      <Text className='ui-label' id={`label-${name}`}>{label}</Text>
      <View className='ui-chips' role='radiogroup' aria-labelledby={`label-${name}`} data-filter={name}>
        {options.map((o) => (
          <View key={o.code} className={`ui-chip${o.code === chosen ? ' ui-chip--on' : ''}`} role='radio' aria-checked={o.code === chosen} data-code={o.code} onClick={() => onChoose(o.code)}>
            {o.label}
          </View>
        ))}
      </View>
    </View>
  );
}

/** 关爱地图: meal points, elderly service stations and open needs near a place, on a map and in a list; book a meal for an elder. */
export default function CareMapPage() {
  const signedIn = useRequireSession();
  const where = useCarePlace(signedIn);
  const [kind, setKind] = useState<KindFilter>('all');
  const [radiusKm, setRadiusKm] = useState<number>(3);
  const [day, setDay] = useState<'today' | 'tomorrow'>('today');
  const [meal, setMeal] = useState<MealCode>('lunch');
  const [available, setAvailable] = useState(false);
  const [elderId, setElderId] = useState<string>('');
  const [picking, setPicking] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);

  const date = shanghaiDayOf(new Date(Date.now() + (day === 'tomorrow' ? DAY_MS : 0)));
  const filter: CareMapFilter = { near: where.place.at, radiusKm, date, meal, available, ...(elderId ? { elderId } : {}) };
  const wantPoints = kind !== 'need';
  const wantNeeds = kind === 'all' || kind === 'need';
  const ready = signedIn && where.ready;
  const points = useQuery({ queryKey: careMapKey(filter), queryFn: () => fetchCareMap(filter), enabled: ready && wantPoints, placeholderData: keepPreviousData });
  const needs = useQuery({ queryKey: needsNearKey(where.place.at, radiusKm), queryFn: () => fetchNeedsNear(where.place.at, radiusKm), enabled: ready && wantNeeds, placeholderData: keepPreviousData });
  const elders = useQuery({ queryKey: myEldersKey, queryFn: fetchMyElders, enabled: signedIn });
  usePullRefresh(() => Promise.all([wantPoints ? points.refetch() : null, wantNeeds ? needs.refetch() : null]));

  const entries = useMemo(() => {
    const shownPoints = (points.data?.items ?? []).filter((p) => kind === 'all' || p.kind === kind);
    return mergeEntries(wantPoints ? shownPoints : [], wantNeeds ? needs.data?.items ?? [] : []);
  }, [points.data, needs.data, kind, wantPoints, wantNeeds]);
  const pins = useMemo(() => pinsOf(entries), [entries]);

  if (!signedIn) return null;
  const failed = (wantPoints && points.isError ? points.error : null) ?? (wantNeeds && needs.isError ? needs.error : null);
  const loading = !where.ready || (wantPoints && points.isPending) || (wantNeeds && needs.isPending);
  const error = failed ? asApiError(failed) : null;
  if (error?.needsLogin) goToLogin();

  return (
    <View className='ui-page'>
      <View className='ui-card'>
        <View className='ui-row'>
          <Text className='ui-text' data-place>附近：{where.place.label}</Text>
        </View>
        <View className='ui-row' style={{ gap: '16px' }}>
          <Button className='ui-btn ui-btn--plain' style={{ flex: 1 }} data-action='locate' loading={where.locating} onClick={() => void where.locate()}>用我的位置</Button>
          <Button className='ui-btn ui-btn--plain' style={{ flex: 1 }} data-action='pick-community' onClick={() => setPicking((p) => !p)}>{picking ? '收起' : '按社区选择'}</Button>
        </View>
        {picking ? (
          <RegionPicker currentName={null} onPick={(c) => { where.choose({ at: { lat: c.centre[0], lng: c.centre[1] }, label: c.name }); setPicking(false); }} />
        ) : null}
        <Chips name='kind' label='看什么' options={KINDS} chosen={kind} onChoose={setKind} />
        <Chips name='radius' label='范围' options={RADII.map((r) => ({ code: r, label: `${r} 公里` }))} chosen={radiusKm} onChoose={setRadiusKm} />
      </View>
      {loading ? <StateView kind='loading' title='正在查找附近的服务…' /> : null}
      {error ? <StateView kind='error' title={error.title} actionText='重试' onAction={() => void Promise.all([points.refetch(), needs.refetch()])} /> : null}
      {!loading && !error ? (
        <>
          <CareMapView centre={where.place.at} radiusKm={radiusKm} pins={pins} selected={selected} onSelect={setSelected} />
          <View className='care-legend'>
            {(['meal_point', 'service_station', 'need'] as const).map((k) => (
              <Text key={k}><Text className={`care-legend__swatch care-kind--${k}`} />{PIN_LABELS[k]}</Text>
            ))}
          </View>
        </>
      ) : null}
      {wantPoints ? (
        <View className='ui-card' data-section='meal-filters'>
          <Text className='ui-subtitle'>助餐查询</Text>
          <Chips name='day' label='用餐日期' options={[{ code: 'today', label: '今天' }, { code: 'tomorrow', label: '明天' }] as const} chosen={day} onChoose={setDay} />
          <Chips name='meal' label='餐次' options={MEALS} chosen={meal} onChoose={setMeal} />
          <View className='ui-chips' style={{ marginTop: '16px' }}>
            <View className={`ui-chip${available ? ' ui-chip--on' : ''}`} role='checkbox' aria-checked={available} data-filter='available' onClick={() => setAvailable((a) => !a)}>只看有余位</View>
          </View>
          {elders.data && elders.data.length > 0 ? (
            <Chips
              name='elder'
              label='为谁订餐（显示补贴后价格）'
              options={[{ code: '', label: '不选' }, ...elders.data.map((e) => ({ code: e.id, label: e.maskedName }))]}
              chosen={elderId}
              onChoose={setElderId}
            />
          ) : null}
        </View>
      ) : null}
      {!loading && !error ? (
        <>
          {entries.length === 0 ? (
            <StateView kind='empty' title={`${radiusKm} 公里内没有找到`} hint='换个范围或条件试试' />
          ) : (
            entries.map((entry, i) => (
              <CareEntryCard
                key={entry.key}
                entry={entry}
                number={i + 1}
                selected={entry.key === selected}
                onSelect={() => setSelected(entry.key)}
                onBook={(id) => openPage('mealBooking', { id, date, meal, ...(elderId ? { elderId } : {}) })}
                onOpenNeed={(id) => openPage('need', { id })}
              />
            ))
          )}
        </>
      ) : null}
    </View>
  );
}
