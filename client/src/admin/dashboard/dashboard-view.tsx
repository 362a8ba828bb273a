import { Text, View } from '@tarojs/components';
import type { UseQueryResult } from '@tanstack/react-query';
import type {
  LiveCounters, StatsChildren, StatsGapList, StatsMealPointList, StatsOverview, StatsUnfilledNeedList,
} from '@tongxin/shared';
import { Chart } from './chart';
import { MealPointsPanel, UnfilledNeedsPanel } from './dashboard-lists';
import './dashboard.css';

export interface DashboardData {
  overview: StatsOverview;
  children: StatsChildren;
  gaps: StatsGapList;
}

/** The two lists load on their own (each with its loading, empty and error state), so a slow list never holds the tiles back. */
export interface DashboardLists {
  mealPoints: UseQueryResult<StatsMealPointList>;
  unfilled: UseQueryResult<StatsUnfilledNeedList>;
}

export interface DashboardViewProps {
  data: DashboardData;
  lists: DashboardLists;
  live: { counters: LiveCounters | null; perMinute: number | null };
  onOpenArea?: (areaCode: string) => void;
}

const yuan = (fen: number) => `¥${(fen / 100).toLocaleString('zh-CN', { maximumFractionDigits: 0 })}`;
const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`);
const hours = (minutes: number) => Math.round(minutes / 6) / 10;

function Tile({ label, value, hint }: { label: string; value: string | number; hint?: string }) {
  return (
    <View className='dash-tile' data-tile={label}>
      <Text className='dash-tile__value'>{value}</Text>
      <Text className='dash-tile__label'>{label}</Text>
      {hint ? <Text className='dash-tile__hint'>{hint}</Text> : null}
    </View>
  );
}

/** The civil-affairs dashboard for one area and range: tiles, trends, child areas, meal points, needs short of volunteers, gaps, live giving. */
export function DashboardView({ data, lists, live, onOpenArea }: DashboardViewProps) {
  const { overview, children, gaps } = data;
  const f = overview.figures;
  const days = overview.days.map((d) => d.date.slice(5));
  const today = live.counters;
  return (
    <View className='dash'>
      <View className='dash-tiles' role='list' aria-label='概览'>
        <Tile label='注册志愿者' value={f.registeredVolunteers.toLocaleString('zh-CN')} />
        <Tile label='活跃志愿者' value={f.activeVolunteers.toLocaleString('zh-CN')} hint='近 30 天服务过' />
        <Tile label='核定服务时长' value={`${hours(f.verifiedMinutes).toLocaleString('zh-CN')} 小时`} />
        <Tile label='发布需求' value={f.needsPosted} />
        <Tile label='名额填充率' value={percent(f.fillRate)} hint={f.medianMinutesToFill === null ? undefined : `满员用时中位数 ${Math.round(f.medianMinutesToFill / 60)} 小时`} />
        <Tile label='缺席率' value={percent(f.noShowRate)} />
        <Tile label='捐赠金额' value={yuan(f.donationsFen)} hint={`${f.donations} 笔，配捐 ${yuan(f.matchedFen)}`} />
        <Tile label='进行中募捐' value={f.campaignsLive} />
      </View>

      <View className='ui-card dash-live' data-live>
        <Text className='ui-subtitle'>今日实时</Text>
        <Text className='ui-text'>
          捐赠 {today?.donations ?? 0} 笔 · {yuan(today?.donationsFen ?? 0)} · 报名 {today?.enrollments ?? 0} 人次 · 服务 {hours(today?.verifiedMinutes ?? 0)} 小时
        </Text>
        <Text className='ui-muted' data-rate>近 5 分钟捐赠速率：{live.perMinute === null ? '等待数据…' : `${live.perMinute} 笔/分钟`}</Text>
      </View>

      <View className='ui-card'>
        <Text className='ui-subtitle'>趋势（{overview.from} 至 {overview.to}）</Text>
        <Chart kind='line' title='每日服务时长、发布需求与捐赠笔数' labels={days} series={[
          { name: '服务时长（小时）', values: overview.days.map((d) => hours(d.figures.verifiedMinutes)) },
          { name: '发布需求', values: overview.days.map((d) => d.figures.needsPosted) },
          { name: '捐赠笔数', values: overview.days.map((d) => d.figures.donations) },
        ]} />
      </View>

      {children.items.length > 0 ? (
        <View className='ui-card'>
          <Text className='ui-subtitle'>下级地区对比</Text>
          <Chart kind='bar' title='下级地区服务时长与需求' labels={children.items.map((i) => i.areaName)} series={[
            { name: '服务时长（小时）', values: children.items.map((i) => hours(i.figures.verifiedMinutes)) },
            { name: '发布需求', values: children.items.map((i) => i.figures.needsPosted) },
          ]} />
          <View className='dash-table' role='table'>
            {children.items.map((i) => (
              <View key={i.areaCode} className='dash-row' role='row' data-area={i.areaCode} onClick={() => onOpenArea?.(i.areaCode)}>
                <Text className='dash-cell dash-cell--name'>{i.areaName}</Text>
                <Text className='dash-cell'>{hours(i.figures.verifiedMinutes)} 小时</Text>
                <Text className='dash-cell'>填充 {percent(i.figures.fillRate)}</Text>
                <Text className='dash-cell'>{yuan(i.figures.donationsFen)}</Text>
              </View>
            ))}
          </View>
        </View>
      ) : null}

      <View className='ui-card' data-section='gaps'>
        <Text className='ui-subtitle'>缺口预警（{gaps.items.length}）</Text>
        {gaps.items.length === 0 ? <Text className='ui-muted'>暂无缺口</Text> : gaps.items.map((g) => (
          <View key={g.id} className='dash-gap' data-gap={g.kind}>
            <Text className='ui-text'>{g.title}</Text>
            <Text className='ui-muted'>{g.detail}</Text>
          </View>
        ))}
      </View>

      <UnfilledNeedsPanel query={lists.unfilled} />
      <MealPointsPanel query={lists.mealPoints} />
    </View>
  );
}
