import { Map } from '@tarojs/components';
import type { CareMapViewProps } from './care-map-view';
import type { PinKind } from './care-map-pins';
import { gcj02ToWgs84, wgs84ToGcj02 } from './gcj02';
import './care-map.css';

export type { CareMapViewProps } from './care-map-view';

/** Copied into the package by config/index.ts (the native map takes local file paths only). */
const ICONS: Record<PinKind, string> = {
  meal_point: '/assets/map/meal-point.png',
  service_station: '/assets/map/service-station.png',
  need: '/assets/map/need.png',
  rural_project: '/assets/map/rural-project.png',
};

/** Map zoom that shows the whole circle on a phone: one step out per doubling of the radius. */
const scaleFor = (radiusKm: number) => Math.max(8, Math.min(15, 15 - Math.ceil(Math.log2(Math.max(1, radiusKm) / 1.5))));

/**
 * The care map in the mini-program: WeChat's native map with a marker per point and the search
 * circle. Points are WGS-84 and the map draws GCJ-02, so every coordinate given to the map is
 * converted (gcj02.ts); distances and the list stay WGS-84.
 */
export function CareMapView({ centre: wgsCentre, radiusKm, pins, onSelect, onPick }: CareMapViewProps) {
  const centre = wgs84ToGcj02(wgsCentre);
  const markers = pins.map((pin, i) => ({
    id: i,
    ...toMapCoordinates(pin.at),
    iconPath: ICONS[pin.kind],
    width: 28,
    height: 28,
    title: pin.label,
    callout: { content: `${pin.number} ${pin.label}`, display: 'BYCLICK' as const, fontSize: 13, padding: 6, borderRadius: 6, color: '#1f2329', bgColor: '#ffffff', textAlign: 'center' as const },
  }));
  return (
    <Map
      className='care-map__native'
      latitude={centre.lat}
      longitude={centre.lng}
      scale={scaleFor(radiusKm)}
      showLocation
      markers={markers as never}
      circles={[{ latitude: centre.lat, longitude: centre.lng, radius: radiusKm * 1000, color: '#7a9a83AA', fillColor: '#7a9a8311', strokeWidth: 1 }] as never}
      onError={() => undefined}
      onTap={(e) => {
        // The native map reports taps in GCJ-02; everything kept or sent is WGS-84.
        const at = e.detail as unknown as { latitude?: number; longitude?: number };
        if (onPick && typeof at.latitude === 'number' && typeof at.longitude === 'number') onPick(gcj02ToWgs84({ lat: at.latitude, lng: at.longitude }));
      }}
      onMarkerTap={(e) => {
        const pin = pins[Number((e.detail as { markerId: number | string }).markerId)];
        if (pin) onSelect(pin.key);
      }}
    />
  );
}

function toMapCoordinates(at: { lat: number; lng: number }): { latitude: number; longitude: number } {
  const { lat, lng } = wgs84ToGcj02(at);
  return { latitude: lat, longitude: lng };
}
