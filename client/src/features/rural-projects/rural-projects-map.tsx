import { Text, View } from '@tarojs/components';
import type { GeoPoint, RuralProjectListItem } from '@tongxin/shared';
import { CareMapView } from '@/features/care-map/care-map-view';
import { circleAround, type MapPin } from '@/features/care-map/care-map-pins';
import '@/components/ui.css';
import '@/features/care-map/care-map.css';

/** Where the map looks when nothing matches: the city centre (天府广场). */
const CITY_CENTRE: GeoPoint = { lat: 30.6574, lng: 104.0658 };

/**
 * Rural projects as numbered pins on the care map's map (WeChat's native map with GCJ-02 conversion in
 * the mini-program, the to-scale drawing on H5), framed to hold them all, with the same numbers in a
 * list below. Tapping a pin or a row opens the project.
 */
export function RuralProjectsMap({ projects, onOpen }: { projects: RuralProjectListItem[]; onOpen: (id: string) => void }) {
  const pins: MapPin[] = projects.map((p, i) => ({ key: p.id, kind: 'rural_project', number: i + 1, label: p.title, at: p.location }));
  const { centre, radiusKm } = circleAround(pins.map((p) => p.at), CITY_CENTRE);
  return (
    <View data-rural-map>
      <CareMapView centre={centre} radiusKm={radiusKm} pins={pins} selected={null} onSelect={onOpen} centreLabel=''
        label={`地图上的 ${pins.length} 个乡村振兴项目`} />
      <Text className='ui-muted' style={{ padding: '0 32px' }}>点地图上的编号或下面的项目，查看详情</Text>
      {projects.map((p, i) => (
        <View key={p.id} className='ui-card' role='link' data-rural-map-item={p.id} onClick={() => onOpen(p.id)}>
          <Text className='ui-text'><Text className='care-entry__num care-kind--rural_project'>{i + 1}</Text>{p.title}</Text>
          <Text className='ui-muted'>{p.categoryLabel} · {p.regionPath} · {p.statusLabel}</Text>
        </View>
      ))}
    </View>
  );
}
