import { CITY_CODE, shanghaiDate, type RegionLevel } from '@tongxin/shared';

const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** The areas a community's facts count in, widest first: city, division, street, community. */
export function areaChain(communityCode: string | null | undefined): string[] {
  if (!communityCode || communityCode.length !== 12) return [CITY_CODE];
  return [CITY_CODE, communityCode.slice(0, 6), communityCode.slice(0, 9), communityCode];
}

export function levelOf(areaCode: string): RegionLevel {
  if (areaCode === CITY_CODE) return 'city';
  return areaCode.length === 6 ? 'division' : areaCode.length === 9 ? 'street' : 'community';
}

export { shanghaiDate };

/** The UTC instant at which a Shanghai date (`YYYY-MM-DD`) begins. */
export function dayStart(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - SHANGHAI_OFFSET_MS);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Every date from `from` to `to`, both included. */
export function datesBetween(from: string, to: string): string[] {
  const dates: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) dates.push(d);
  return dates;
}
