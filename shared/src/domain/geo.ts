const EARTH_RADIUS_METRES = 6_371_008.8;

/** A WGS-84 point in degrees. */
export interface GeoPoint {
  lat: number;
  lng: number;
}

/** Great-circle distance (haversine) in metres, accurate to metres at city scale. */
export function distanceMetres(a: GeoPoint, b: GeoPoint): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_METRES * Math.asin(Math.min(1, Math.sqrt(h)));
}
