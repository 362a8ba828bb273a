import { Text, View } from '@tarojs/components';
import type { GeoPoint } from '@tongxin/shared';
import { PIN_LABELS, projectInCircle, unprojectFromCircle, type MapPin } from './care-map-pins';
import './care-map.css';

export interface CareMapViewProps {
  centre: GeoPoint;
  radiusKm: number;
  pins: MapPin[];
  selected: string | null;
  onSelect: (key: string) => void;
  /** What the centre is, drawn there on the web ('我' by default; '' draws nothing, for a map of scattered places). */
  centreLabel?: string;
  /** The map's accessible name; by default it counts the places near the centre. */
  label?: string;
  /** Set to let a tap on the map (not on a pin) choose a point, WGS-84 (the volunteer's home). */
  onPick?: (point: GeoPoint) => void;
}

interface Tap {
  clientX: number;
  clientY: number;
  currentTarget: { getBoundingClientRect(): { left: number; top: number; width: number; height: number } };
}

/**
 * The care map on the web: the search circle drawn to scale with numbered pins, no map tiles (the
 * site must work without any third-party map service). The numbers match the list under it.
 */
export function CareMapView({ centre, radiusKm, pins, selected, onSelect, centreLabel = '我', label, onPick }: CareMapViewProps) {
  const pick = onPick
    ? (event: unknown) => {
        const { clientX, clientY, currentTarget } = event as Tap;
        const box = currentTarget.getBoundingClientRect();
        if (box.width === 0 || box.height === 0) return;
        onPick(unprojectFromCircle(centre, { x: ((clientX - box.left) / box.width) * 100, y: ((clientY - box.top) / box.height) * 100 }, radiusKm));
      }
    : undefined;
  return (
    <View className='care-map' role='img' aria-label={label ?? `附近 ${radiusKm} 公里内的 ${pins.length} 个地点`} data-care-map onClick={pick}>
      <View className='care-map__circle' />
      {centreLabel ? <Text className='care-map__me'>{centreLabel}</Text> : null}
      {pins.map((pin) => {
        const { x, y } = projectInCircle(centre, pin.at, radiusKm);
        return (
          <View
            key={pin.key}
            className={`care-map__pin${pin.key === selected ? ' care-map__pin--on' : ''}`}
            style={{ left: `${x}%`, top: `${y}%` }}
            role='button'
            aria-label={`${pin.number} ${PIN_LABELS[pin.kind]} ${pin.label}`}
            data-pin={pin.key}
            onClick={(e) => {
              e.stopPropagation();
              onSelect(pin.key);
            }}
          >
            <Text className={`care-map__dot care-kind--${pin.kind}`}>{pin.number}</Text>
          </View>
        );
      })}
      <Text className='care-map__scale'>虚线圈半径 {radiusKm} 公里</Text>
    </View>
  );
}
