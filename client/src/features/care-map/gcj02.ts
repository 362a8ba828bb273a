import type { GeoPoint } from '@tongxin/shared';

// WGS-84 → GCJ-02, the published conversion (as in eviltransform / coordtransform and the gcoord
// library): an offset computed on the Krasovsky 1940 ellipsoid. Points and distances stay WGS-84
// everywhere; only pins drawn on WeChat's native map, which draws GCJ-02, are converted.
const A = 6378245.0;
const EE = 0.00669342162296594323;

/** Outside mainland China GCJ-02 equals WGS-84 (a rough box, as the reference implementations use). */
function outOfChina({ lat, lng }: GeoPoint): boolean {
  return lng < 72.004 || lng > 137.8347 || lat < 0.8293 || lat > 55.8271;
}

function latOffset(x: number, y: number): number {
  let r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  r += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0;
  r += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0;
  return r;
}

function lngOffset(x: number, y: number): number {
  let r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  r += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0;
  r += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0;
  return r;
}

/** A WGS-84 point as WeChat's map (GCJ-02) wants it: a few hundred metres off in Chengdu. */
export function wgs84ToGcj02(point: GeoPoint): GeoPoint {
  if (outOfChina(point)) return point;
  const { lat, lng } = point;
  let dLat = latOffset(lng - 105.0, lat - 35.0);
  let dLng = lngOffset(lng - 105.0, lat - 35.0);
  const radLat = (lat / 180.0) * Math.PI;
  const magic = 1 - EE * Math.sin(radLat) * Math.sin(radLat);
  const sqrtMagic = Math.sqrt(magic);
  dLat = (dLat * 180.0) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI);
  dLng = (dLng * 180.0) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return { lat: lat + dLat, lng: lng + dLng };
}

/**
 * A GCJ-02 point (what WeChat's map reports on a tap) back to WGS-84: the forward offset varies slowly,
 * so subtracting it and correcting a few times converges far below a metre.
 */
export function gcj02ToWgs84(point: GeoPoint): GeoPoint {
  if (outOfChina(point)) return point;
  let guess = point;
  for (let i = 0; i < 5; i += 1) {
    const there = wgs84ToGcj02(guess);
    guess = { lat: guess.lat + (point.lat - there.lat), lng: guess.lng + (point.lng - there.lng) };
  }
  return guess;
}
