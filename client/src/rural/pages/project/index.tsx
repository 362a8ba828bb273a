import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useQuery } from '@tanstack/react-query';
import { formatShanghai, NEED_CATEGORIES, type RuralProjectDetailView } from '@tongxin/shared';
import { QueryState } from '@/components/query-state';
import { openPage } from '@/features/auth/navigation';
import { useRequireSession } from '@/features/auth/use-require-session';
import { LiveProgressBar } from '@/features/campaigns/live-progress-bar';
import { fetchRuralProject, ruralProjectKey } from '@/features/rural-projects/rural-projects.api';
import { usePullRefresh } from '@/hooks/use-pull-refresh';
import '@/components/ui.css';

function Detail({ project }: { project: RuralProjectDetailView }) {
  return (
    <>
      <View className='ui-card'>
        <Text className='ui-muted'>{project.categoryLabel} · {project.statusLabel}</Text>
        <Text className='ui-title' data-rural-project-detail>{project.title}</Text>
        <Text className='ui-muted'>{project.regionPath} · {project.organizationName}</Text>
        <Text className='ui-text' style={{ marginTop: '16px' }}>{project.description}</Text>
      </View>

      <View className='ui-card' data-section='needs'>
        <Text className='ui-subtitle'>招募志愿者</Text>
        {project.needs.length === 0 ? <Text className='ui-muted'>暂时没有需要报名的服务</Text> : null}
        {project.needs.map((need) => {
          const next = need.shifts.find((s) => Date.parse(s.startsAt) > Date.now());
          const left = need.shifts.reduce((sum, s) => sum + s.slotsLeft, 0);
          return (
            <View key={need.id} className='ui-row' data-need-id={need.id} role='link' onClick={() => openPage('need', { id: need.id })}>
              <View>
                <Text className='ui-text'>{need.title}</Text>
                <Text className='ui-muted'>
                  {NEED_CATEGORIES.find((c) => c.code === need.category)?.label}{next ? ` · ${formatShanghai(next.startsAt)}` : ''}
                </Text>
              </View>
              <Text className='ui-muted'>{left > 0 ? `余 ${left} 个名额` : '已满'}</Text>
            </View>
          );
        })}
      </View>

      <View className='ui-card' data-section='campaigns'>
        <Text className='ui-subtitle'>爱心捐赠</Text>
        {project.campaigns.length === 0 ? <Text className='ui-muted'>暂时没有进行中的募捐</Text> : null}
        {project.campaigns.map((c) => (
          <View key={c.id} data-campaign-id={c.id} role='link' onClick={() => openPage('campaign', { id: c.id })} style={{ marginBottom: '16px' }}>
            <Text className='ui-text'>{c.title}</Text>
            <LiveProgressBar tally={c.tally} />
          </View>
        ))}
      </View>

      <View className='ui-card' data-section='progress'>
        <Text className='ui-subtitle'>项目进展</Text>
        {project.progress.length === 0 ? <Text className='ui-muted'>还没有进展报告</Text> : null}
        {project.progress.map((p) => (
          <View key={p.id} data-progress-id={p.id} style={{ marginBottom: '16px' }}>
            <Text className='ui-muted'>{p.date}</Text>
            <Text className='ui-text'>{p.text}</Text>
            {p.figures.map((f) => <Text key={f.label} className='ui-muted'>{f.label}：{f.value.toLocaleString('zh-CN')} {f.unit}</Text>)}
          </View>
        ))}
      </View>
    </>
  );
}

/** One rural revitalization project with what volunteers and donors can do for it: sign up to its needs, give to its campaigns. */
export default function RuralProjectPage() {
  const signedIn = useRequireSession();
  const id = useRouter().params.id ?? '';
  const project = useQuery({ queryKey: ruralProjectKey(id), queryFn: () => fetchRuralProject(id), enabled: signedIn && id !== '' });
  usePullRefresh(() => project.refetch());
  if (!signedIn) return null;
  return (
    <View className='ui-page'>
      <QueryState query={project} loading='正在加载项目…'>
        {(data) => <Detail project={data} />}
      </QueryState>
    </View>
  );
}
