import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import { useReachBottom } from '@tarojs/taro';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { RURAL_PROJECT_CATEGORIES, type RuralProjectCategory } from '@tongxin/shared';
import { QueryState } from '@/components/query-state';
import { StateView } from '@/components/state-view';
import { asApiError } from '@/services/api';
import { goToLogin, openPage } from '@/features/auth/navigation';
import { useRequireSession } from '@/features/auth/use-require-session';
import { fetchRegions } from '@/features/regions/regions.api';
import {
  fetchRuralProjects, fetchRuralProjectsForMap, MAP_PROJECTS_LIMIT, ruralProjectsKey, ruralProjectsMapKey, type RuralProjectFilters,
} from '@/features/rural-projects/rural-projects.api';
import { RuralProjectCard } from '@/features/rural-projects/rural-project-card';
import { RuralProjectsMap } from '@/features/rural-projects/rural-projects-map';
import { usePullRefresh } from '@/hooks/use-pull-refresh';
import '@/components/ui.css';

/** Chips for one filter; tapping the chosen one clears it. */
function Chips<T extends string>({ options, value, onChange, name }: {
  options: ReadonlyArray<{ code: T; label: string }>; value: T | undefined; onChange: (next: T | undefined) => void; name: string;
}) {
  return (
    <View className='ui-chips' data-filter={name}>
      {options.map((o) => (
        <View key={o.code} className={`ui-chip${o.code === value ? ' ui-chip--on' : ''}`} data-code={o.code} role='button'
          aria-pressed={o.code === value} onClick={() => onChange(o.code === value ? undefined : o.code)}>{o.label}</View>
      ))}
    </View>
  );
}

function List({ filters }: { filters: RuralProjectFilters }) {
  const projects = useInfiniteQuery({
    queryKey: ruralProjectsKey(filters),
    queryFn: ({ pageParam }) => fetchRuralProjects(filters, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  usePullRefresh(() => projects.refetch());
  useReachBottom(() => {
    if (projects.hasNextPage && !projects.isFetchingNextPage) void projects.fetchNextPage();
  });
  if (projects.isPending) return <StateView kind='loading' title='正在加载乡村振兴项目…' />;
  if (projects.isError) {
    const error = asApiError(projects.error);
    if (error.needsLogin) goToLogin();
    return <StateView kind='error' title={error.title} actionText='重试' onAction={() => void projects.refetch()} />;
  }
  const items = projects.data.pages.flatMap((p) => p.items);
  if (items.length === 0) return <StateView kind='empty' title='没有符合条件的项目' hint='换个区县或类别看看' />;
  return (
    <>
      {items.map((p) => <RuralProjectCard key={p.id} project={p} onOpen={() => openPage('ruralProject', { id: p.id })} />)}
      {projects.hasNextPage ? (
        <Button className='ui-btn ui-btn--plain ui-btn--block' style={{ margin: '0 24px' }} loading={projects.isFetchingNextPage}
          onClick={() => void projects.fetchNextPage()}>加载更多</Button>
      ) : <Text className='ui-muted' style={{ textAlign: 'center' }}>没有更多了</Text>}
    </>
  );
}

/** The same filters on a map: one page of projects as pins (the list pages on for more). */
function MapView({ filters }: { filters: RuralProjectFilters }) {
  const projects = useQuery({ queryKey: ruralProjectsMapKey(filters), queryFn: () => fetchRuralProjectsForMap(filters) });
  usePullRefresh(() => projects.refetch());
  return (
    <QueryState query={projects} loading='正在把项目标到地图上…' empty={{ when: (d) => d.items.length === 0, title: '没有符合条件的项目', hint: '换个区县或类别看看' }}>
      {(page) => (
        <>
          <RuralProjectsMap projects={page.items} onOpen={(id) => openPage('ruralProject', { id })} />
          {page.nextCursor ? <Text className='ui-muted' style={{ textAlign: 'center' }}>地图上只标出最新的 {MAP_PROJECTS_LIMIT} 个项目，选个区县或类别看得更全</Text> : null}
        </>
      )}
    </QueryState>
  );
}

const VIEWS = [{ code: 'list', label: '列表' }, { code: 'map', label: '地图' }] as const;

/** 乡村振兴: projects across the city's counties, filtered by county and category, newest first, as a list or on a map. */
export default function RuralProjectsPage() {
  const signedIn = useRequireSession();
  const [districtCode, setDistrictCode] = useState<string | undefined>();
  const [category, setCategory] = useState<RuralProjectCategory | undefined>();
  const [view, setView] = useState<'list' | 'map'>('list');
  const divisions = useQuery({ queryKey: ['regions', 'divisions'], queryFn: () => fetchRegions(), enabled: signedIn, staleTime: Infinity });
  if (!signedIn) return null;
  const counties = (divisions.data ?? []).map((d) => ({ code: d.code, label: d.name }));
  const filters: RuralProjectFilters = { ...(districtCode ? { districtCode } : {}), ...(category ? { category } : {}) };
  return (
    <View className='ui-page'>
      <View className='ui-card'>
        {/* First, so the map is one tap away above the twenty county chips. */}
        <Chips name='view' options={VIEWS} value={view} onChange={(next) => setView(next ?? view)} />
        <Text className='ui-subtitle'>项目类别</Text>
        <Chips name='category' options={RURAL_PROJECT_CATEGORIES} value={category} onChange={setCategory} />
        <Text className='ui-subtitle'>所在区县</Text>
        <Chips name='district' options={counties} value={districtCode} onChange={setDistrictCode} />
      </View>
      {view === 'map' ? <MapView filters={filters} /> : <List filters={filters} />}
    </View>
  );
}
