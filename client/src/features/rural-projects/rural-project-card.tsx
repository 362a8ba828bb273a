import { Text, View } from '@tarojs/components';
import type { RuralProjectView } from '@tongxin/shared';

/** One project in a list: category and place, title, status and latest progress day. */
export function RuralProjectCard({ project, onOpen }: { project: RuralProjectView & { distanceKm?: number }; onOpen: () => void }) {
  return (
    <View className='ui-card' data-rural-project-id={project.id} role='link' onClick={onOpen}>
      <Text className='ui-muted'>{project.categoryLabel} · {project.regionPath}</Text>
      <Text className='ui-title' data-rural-project-title>{project.title}</Text>
      <Text className='ui-muted'>
        {project.statusLabel}
        {project.lastProgressOn ? ` · 最近进展 ${project.lastProgressOn}` : ''}
        {project.distanceKm !== undefined ? ` · 距你 ${project.distanceKm} 公里` : ''}
      </Text>
    </View>
  );
}
