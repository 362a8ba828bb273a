import { Text, View } from '@tarojs/components';
import type { UseQueryResult } from '@tanstack/react-query';
import type { StatsMealPointList, StatsUnfilledNeedList } from '@tongxin/shared';
import { QueryState } from '@/components/query-state';

const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`);

/** Meal points of the area, most used over the range first, with today's bookings so far beside them. */
export function MealPointsPanel({ query }: { query: UseQueryResult<StatsMealPointList> }) {
  return (
    <View className='ui-card' data-section='meal-points'>
      <Text className='ui-subtitle'>助餐点使用率</Text>
      <QueryState query={query} loading='正在加载助餐点数据…' empty={{ when: (d) => d.items.length === 0, title: '该时段没有助餐数据' }}>
        {(list) => list.items.map((p) => (
          <View key={p.pointId} className='dash-row' data-point={p.pointId}>
            <Text className='dash-cell dash-cell--name'>{p.pointName}</Text>
            <Text className='dash-cell'>{p.booked}/{p.capacity} 份</Text>
            <Text className='dash-cell'>{percent(p.useRate)}</Text>
            <Text className='dash-cell ui-muted'>今日 {p.today.booked}/{p.today.capacity}</Text>
          </View>
        ))}
      </QueryState>
    </View>
  );
}

/** The area's open needs with the most places still free on upcoming shifts. */
export function UnfilledNeedsPanel({ query }: { query: UseQueryResult<StatsUnfilledNeedList> }) {
  return (
    <View className='ui-card' data-section='unfilled'>
      <Text className='ui-subtitle'>最缺志愿者的需求</Text>
      <QueryState query={query} loading='正在加载需求…' empty={{ when: (d) => d.items.length === 0, title: '所有需求都已招满' }}>
        {(list) => list.items.map((n) => (
          <View key={n.needId} className='dash-row' data-need={n.needId}>
            <Text className='dash-cell dash-cell--name'>{n.title}</Text>
            <Text className='dash-cell'>{n.communityName}</Text>
            <Text className='dash-cell'>缺 {n.placesOpen} 人</Text>
          </View>
        ))}
      </QueryState>
    </View>
  );
}
