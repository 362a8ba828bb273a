import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useQuery } from '@tanstack/react-query';
import { shanghaiDayOf } from '@tongxin/shared';
import { QueryState } from '@/components/query-state';
import { openPage } from '@/features/auth/navigation';
import { useRequireSession } from '@/features/auth/use-require-session';
import { usePullRefresh } from '@/hooks/use-pull-refresh';
import { DashboardView, type DashboardData } from '../../dashboard/dashboard-view';
import { dashboardKey, downloadCsv, fetchChildren, fetchGaps, fetchMealPoints, fetchOverview, fetchUnfilled, type DashboardQuery } from '../../dashboard/stats.api';
import { useLiveDonations } from '../../dashboard/use-live-donations';
import '@/components/ui.css';

const DAY_MS = 86_400_000;
const RANGES = [7, 30, 90] as const;

async function fetchDashboard(query: DashboardQuery): Promise<DashboardData> {
  const [overview, children, gaps] = await Promise.all([fetchOverview(query), fetchChildren(query), fetchGaps(query.areaCode)]);
  return { overview, children, gaps };
}

/** The civil-affairs dashboard (H5 first): an area's figures over a range, its child areas, gaps and live giving. */
export default function DashboardPage() {
  const signedIn = useRequireSession();
  const areaCode = useRouter().params.areaCode;
  const [days, setDays] = useState<(typeof RANGES)[number]>(30);
  const to = shanghaiDayOf(new Date(Date.now() - DAY_MS));
  const from = shanghaiDayOf(new Date(Date.now() - days * DAY_MS));
  const query: DashboardQuery = { ...(areaCode ? { areaCode } : {}), from, to };
  const dashboard = useQuery({ queryKey: dashboardKey(query), queryFn: () => fetchDashboard(query), enabled: signedIn });
  const mealPoints = useQuery({ queryKey: [...dashboardKey(query), 'meal-points'], queryFn: () => fetchMealPoints(query), enabled: signedIn });
  const unfilled = useQuery({ queryKey: [...dashboardKey(query), 'unfilled'], queryFn: () => fetchUnfilled(query.areaCode), enabled: signedIn });
  usePullRefresh(async () => Promise.all([dashboard.refetch(), mealPoints.refetch(), unfilled.refetch()]));
  const live = useLiveDonations(dashboard.data?.overview.areaCode ?? '', dashboard.data?.overview.today.counters ?? null);
  const [exporting, setExporting] = useState(false);
  const exportCsv = (table: 'overview' | 'areas') => {
    setExporting(true);
    void downloadCsv(table, query).finally(() => setExporting(false));
  };
  if (!signedIn) return null;
  return (
    <View className='ui-page'>
      <View className='ui-card'>
        <Text className='ui-title'>{dashboard.data?.overview.areaName ?? '数据看板'}</Text>
        <View className='ui-chips' role='radiogroup' aria-label='时间范围'>
          {RANGES.map((r) => (
            <View key={r} className={`ui-chip${r === days ? ' ui-chip--on' : ''}`} role='radio' aria-checked={r === days} onClick={() => setDays(r)}>近 {r} 天</View>
          ))}
        </View>
        {process.env.TARO_ENV === 'h5' ? (
          <View className='ui-row'>
            <Button className='ui-btn ui-btn--plain ui-btn--small' disabled={exporting} data-export='overview' onClick={() => exportCsv('overview')}>导出每日数据 CSV</Button>
            <Button className='ui-btn ui-btn--plain ui-btn--small' disabled={exporting} data-export='areas' onClick={() => exportCsv('areas')}>导出地区对比 CSV</Button>
          </View>
        ) : null}
      </View>
      <QueryState query={dashboard} loading='正在加载统计数据…'>
        {(data) => <DashboardView data={data} lists={{ mealPoints, unfilled }} live={live} onOpenArea={(code) => openPage('adminDashboard', { areaCode: code })} />}
      </QueryState>
    </View>
  );
}
