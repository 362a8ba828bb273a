import { Text, View } from '@tarojs/components';
import type { GeoPoint } from '@tongxin/shared';
import { CareMapView } from '@/features/care-map/care-map-view';
import '@/components/ui.css';

/** Where the map opens before any home or community is known: the city centre (天府广场). */
const CITY_CENTRE: GeoPoint = { lat: 30.6574, lng: 104.0658 };

export interface HomeMapPickerProps {
  /** The chosen home, WGS-84, or null before one is chosen. */
  home: GeoPoint | null;
  /** Where to look when no home is chosen yet (the community's centre). */
  near?: GeoPoint;
  radiusKm: number;
  onPick: (home: GeoPoint) => void;
}

/**
 * The volunteer's home on the care map's map: each tap moves home there and the map recentres on it,
 * with the service radius drawn around. The server keeps it rounded to about 100 m and shows it to
 * nobody else, which the hint says.
 */
export function HomeMapPicker({ home, near, radiusKm, onPick }: HomeMapPickerProps) {
  const centre = home ?? near ?? CITY_CENTRE;
  return (
    <View data-home-map-picker>
      <CareMapView centre={centre} radiusKm={radiusKm} pins={[]} selected={null} onSelect={() => undefined}
        centreLabel={home ? '家' : ''} onPick={onPick}
        label={home ? `家的位置，周围 ${radiusKm} 公里` : '地图：点一下选择家的位置'} />
      <Text className='ui-muted' data-home-state={home ? 'set' : 'unset'}>
        {home ? `已选家的位置（约 100 米精度，只用来算距离，不会给别人看）` : '点地图选择家的大致位置，或先选所在社区'}
      </Text>
    </View>
  );
}
