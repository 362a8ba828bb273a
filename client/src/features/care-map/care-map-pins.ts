import { findRegion, type CareMapItem, type GeoPoint, type NeedSearchItem } from '@tongxin/shared';

/** What a pin stands for: the care map's places and needs, and rural projects on their own map. */
export type PinKind = 'meal_point' | 'service_station' | 'need' | 'rural_project';

/** One thing on the care map; `number` matches the list below the map. */
export interface MapPin {
  key: string;
  kind: PinKind;
  number: number;
  label: string;
  at: GeoPoint;
}

export const PIN_LABELS: Record<PinKind, string> = { meal_point: '助餐点', service_station: '养老服务站', need: '志愿需求', rural_project: '乡村振兴项目' };

/** One row of the care map's list: a care point or an open need, with its distance. */
export type CareEntry =
  | { kind: 'meal_point' | 'service_station'; key: string; distanceKm: number; point: CareMapItem }
  | { kind: 'need'; key: string; distanceKm: number; need: NeedSearchItem; at: GeoPoint };

/** Where a need happens: its own point, else its community's centre (as the server measures it). */
function needPlace(need: NeedSearchItem): GeoPoint | null {
  if (need.location) return need.location;
  const centre = findRegion(need.communityCode)?.centre;
  return centre ? { lat: centre[0], lng: centre[1] } : null;
}

/** Points and needs in one list, nearest first. */
export function mergeEntries(points: CareMapItem[], needs: NeedSearchItem[]): CareEntry[] {
  const entries: CareEntry[] = points.map((point) => ({ kind: point.kind, key: `p:${point.id}`, distanceKm: point.distanceKm, point }));
  for (const need of needs) {
    const at = needPlace(need);
    if (at && need.distanceKm !== undefined) entries.push({ kind: 'need', key: `n:${need.id}`, distanceKm: need.distanceKm, need, at });
  }
  return entries.sort((a, b) => a.distanceKm - b.distanceKm);
}

export function pinsOf(entries: CareEntry[]): MapPin[] {
  return entries.map((e, i) => ({
    key: e.key, kind: e.kind, number: i + 1,
    label: e.kind === 'need' ? e.need.title : e.point.name,
    at: e.kind === 'need' ? e.at : e.point.location,
  }));
}

const KM_PER_DEGREE = 111.32;

/** Kilometres between two points, equirectangular (good to well under 1% at city scale). */
export function kmBetween(a: GeoPoint, b: GeoPoint): number {
  const east = (b.lng - a.lng) * KM_PER_DEGREE * Math.cos((((a.lat + b.lat) / 2) * Math.PI) / 180);
  const north = (b.lat - a.lat) * KM_PER_DEGREE;
  return Math.hypot(east, north);
}

/**
 * A circle that holds every point, for a map of scattered places (no "me" at the centre): the middle
 * of their bounding box, and a radius reaching the farthest with a margin so no pin sits on the edge.
 * `fallback` is the centre when there are no points.
 */
export function circleAround(points: GeoPoint[], fallback: GeoPoint, minRadiusKm = 5): { centre: GeoPoint; radiusKm: number } {
  if (points.length === 0) return { centre: fallback, radiusKm: minRadiusKm };
  const lats = points.map((p) => p.lat);
  const lngs = points.map((p) => p.lng);
  const centre = { lat: (Math.min(...lats) + Math.max(...lats)) / 2, lng: (Math.min(...lngs) + Math.max(...lngs)) / 2 };
  const farthest = Math.max(...points.map((p) => kmBetween(centre, p)));
  return { centre, radiusKm: Math.max(minRadiusKm, Math.ceil(farthest * 1.15)) };
}

/**
 * Where a point sits in a square drawing of the search circle, in percent from the top-left corner
 * (50/50 is the centre; the circle touches the edges). An equirectangular projection: at city scale
 * the error is far below a pin's size. Points outside the circle are clamped to the edge.
 */
export function projectInCircle(centre: GeoPoint, point: GeoPoint, radiusKm: number): { x: number; y: number } {
  const east = (point.lng - centre.lng) * KM_PER_DEGREE * Math.cos((centre.lat * Math.PI) / 180);
  const north = (point.lat - centre.lat) * KM_PER_DEGREE;
  const clamp = (v: number) => Math.max(2, Math.min(98, v));
  return { x: clamp(50 + (east / radiusKm) * 50), y: clamp(50 - (north / radiusKm) * 50) };
}

/** The inverse of projectInCircle (without its clamp): the point drawn at x, y percent of the drawing. */
export function unprojectFromCircle(centre: GeoPoint, at: { x: number; y: number }, radiusKm: number): GeoPoint {
  const east = ((at.x - 50) / 50) * radiusKm;
  const north = ((50 - at.y) / 50) * radiusKm;
  return {
    lat: centre.lat + north / KM_PER_DEGREE,
    lng: centre.lng + east / (KM_PER_DEGREE * Math.cos((centre.lat * Math.PI) / 180)),
  };
}
