import { distanceMetres, findRegion, type GeoPoint, type ListNeedsQuery, type NeedSort } from '@tongxin/shared';
import { ValidationError } from '../../platform/errors';
import type { NeedRecord } from './needs.repository';

/** The in-memory part of a search: what the store query (equalities only) cannot express. */
export interface SearchCriteria {
  near?: GeoPoint;
  radiusKm: number;
  skill?: ListNeedsQuery['skill'];
  from?: Date;
  to?: Date;
  sort: NeedSort;
}

/** A need that matched, with the key it is ordered by (ms since epoch or whole metres). */
export interface RankedNeed {
  need: NeedRecord;
  id: string;
  key: number;
  nextShiftStartsAt: Date;
  distanceMetres?: number;
}

/** Where a need happens: its own point, else its community's centre (as check-in by location does). */
export function placeOf(need: NeedRecord): GeoPoint | undefined {
  if (need.location) return need.location;
  const centre = findRegion(need.communityCode)?.centre;
  return centre ? { lat: centre[0], lng: centre[1] } : undefined;
}

/** The earliest shift start after `now` inside [from, to); null when there is none. */
export function nextShiftStart(need: NeedRecord, now: Date, from?: Date, to?: Date): Date | null {
  let next: Date | null = null;
  for (const { startsAt } of need.shifts) {
    const t = startsAt.getTime();
    if (t <= now.getTime() || (from && t < from.getTime()) || (to && t >= to.getTime())) continue;
    if (!next || t < next.getTime()) next = startsAt;
  }
  return next;
}

/**
 * Filters by skill, shift date and distance, then orders by (key, id). Needs without an upcoming
 * shift are left out: search serves volunteers looking for something to sign up to.
 */
export function rankNeeds(needs: readonly NeedRecord[], criteria: SearchCriteria, now: Date): RankedNeed[] {
  const radiusMetres = criteria.radiusKm * 1000;
  const ranked: RankedNeed[] = [];
  for (const need of needs) {
    if (criteria.skill && !need.requiredSkills.includes(criteria.skill)) continue;
    const next = nextShiftStart(need, now, criteria.from, criteria.to);
    if (!next) continue;
    let metres: number | undefined;
    if (criteria.near) {
      const place = placeOf(need);
      if (!place) continue;
      metres = Math.round(distanceMetres(criteria.near, place));
      if (metres > radiusMetres) continue;
    }
    const key = criteria.sort === 'nearest' ? metres! : next.getTime();
    ranked.push({ need, id: need._id.toHexString(), key, nextShiftStartsAt: next, ...(metres !== undefined ? { distanceMetres: metres } : {}) });
  }
  return ranked.sort(compareRanked);
}

export function compareRanked(a: { key: number; id: string }, b: { key: number; id: string }): number {
  return a.key - b.key || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Position after the last item of a page, opaque to clients. */
export interface SearchCursor {
  sort: NeedSort;
  key: number;
  id: string;
}

const SORT_TAGS: Record<NeedSort, string> = { soonest: 's', nearest: 'n' };
const CURSOR_TEXT = /^([sn])\.(\d{1,15})\.([a-f0-9]{24})$/;

export function encodeCursor({ sort, key, id }: SearchCursor): string {
  return Buffer.from(`${SORT_TAGS[sort]}.${key}.${id}`, 'utf8').toString('base64url');
}

/** The cursor of a page for this ordering; a tampered or foreign cursor is a 400. */
export function decodeCursor(cursor: string, sort: NeedSort): SearchCursor {
  const match = CURSOR_TEXT.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  const decoded = match && match[1] === SORT_TAGS[sort] ? { sort, key: Number(match[2]), id: match[3]! } : null;
  // Re-encoding must give the same text: rejects non-canonical base64 and a cursor from the other ordering.
  if (!decoded || !Number.isSafeInteger(decoded.key) || encodeCursor(decoded) !== cursor) {
    throw new ValidationError([{ path: 'cursor', message: '分页游标不正确' }]);
  }
  return decoded;
}

/** The `limit` items after `cursor`, and the cursor of the next page (null on the last). */
export function pageAfter(ranked: readonly RankedNeed[], sort: NeedSort, limit: number, cursor?: SearchCursor) {
  const start = cursor ? ranked.findIndex((r) => compareRanked(r, cursor) > 0) : 0;
  const items = start < 0 ? [] : ranked.slice(start, start + limit);
  const last = items.at(-1);
  const more = start >= 0 && start + limit < ranked.length;
  return { items, nextCursor: more && last ? encodeCursor({ sort, key: last.key, id: last.id }) : null };
}
