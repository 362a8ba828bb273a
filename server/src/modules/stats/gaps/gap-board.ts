import { CITY_CODE, type StatsGapKind } from '@tongxin/shared';
import type { Logger } from '../../../platform/logger';
import type { Redis } from '../../../platform/redis';
import { childAreas } from '../stats.rollup';
import type { GapRecord, GapRecords } from './gap-records';

/** What the dashboard shows of an open gap. */
export type OpenGap = Pick<GapRecord, '_id' | 'kind' | 'areaCode' | 'title' | 'detail' | 'subjectId' | 'since' | 'raisedAt'>;

/** The stored shape: short keys, instants in milliseconds. */
interface Entry {
  k: StatsGapKind;
  a: string;
  t: string;
  d: string;
  s: string;
  n: number;
  r: number;
}

/** Gaps of the city as a whole, and of codes outside the known divisions: seen only at the city level. */
const CITY_BUCKET = 'city';

/**
 * Replaces every bucket and sets the built marker, in one step. ARGV[1] = '1' writes only while the
 * marker is absent (a rebuild); ARGV[2] is the marker; then, per bucket in KEYS[2..] order, a field
 * count followed by the fields and values.
 */
const REPLACE = `
if ARGV[1] == '1' and redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local at = 3
for i = 2, #KEYS do
  redis.call('DEL', KEYS[i])
  local count = tonumber(ARGV[at])
  local first = at + 1
  for from = first, first + 2 * count - 1, 500 do
    redis.call('HSET', KEYS[i], unpack(ARGV, from, math.min(from + 499, first + 2 * count - 1)))
  end
  at = first + 2 * count
end
redis.call('SET', KEYS[1], ARGV[2])
return 1
`;

/**
 * The open gaps the dashboard lists, in Redis: one hash per division (field = gap id) and one for
 * city-wide gaps, read in one round trip, so a request never scans `stats_gaps` (FerretDB answers
 * every filter on it with a full scan). Only the gap-alert run raises and closes gaps, and it
 * replaces the whole board right after, from the open gaps it has just read; a board Redis lost is
 * rebuilt from the store by the first request (once per process at a time). A rebuild writes only
 * while no board exists: its read of the store may be older than a run that replaced the board in
 * the meantime, and must not overwrite it. A run whose board write fails leaves the board one run
 * behind until the next run.
 */
export class GapBoard {
  private rebuilding: Promise<OpenGap[]> | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly records: Pick<GapRecords, 'openGaps'>,
    private readonly logger: Logger,
  ) {}

  /** Replaces the board with exactly these open gaps, atomically. */
  async replace(open: OpenGap[]): Promise<void> {
    await this.write(open, false);
  }

  /** The open gaps in the area (the city: every gap; a division, street or community: those under its code). */
  async openIn(areaCode: string): Promise<OpenGap[]> {
    const buckets = areaCode === CITY_CODE ? allBuckets() : [bucketOf(areaCode)];
    const pipeline = this.redis.pipeline().get(this.builtKey());
    for (const bucket of buckets) pipeline.hgetall(this.key(bucket));
    const [marker, ...hashes] = ((await pipeline.exec()) ?? []) as Array<[Error | null, unknown]>;
    if (marker?.[0]) throw marker[0];
    const within = (code: string) => areaCode === CITY_CODE || code.startsWith(areaCode);
    if (typeof marker?.[1] !== 'string') return (await this.rebuild()).filter((g) => within(g.areaCode));
    const gaps: OpenGap[] = [];
    for (const [error, hash] of hashes) {
      if (error) throw error;
      for (const [id, json] of Object.entries(hash as Record<string, string>)) {
        const gap = decode(id, json);
        if (within(gap.areaCode)) gaps.push(gap);
      }
    }
    return gaps;
  }

  private rebuild(): Promise<OpenGap[]> {
    this.rebuilding ??= (async () => {
      const open = await this.records.openGaps();
      if (await this.write(open, true)) this.logger.info({ open: open.length }, 'gap board rebuilt from the store');
      return open;
    })().finally(() => {
      this.rebuilding = undefined;
    });
    return this.rebuilding;
  }

  /** Writes the board; `onlyIfAbsent` leaves a board that exists alone. Whether it wrote. */
  private async write(open: OpenGap[], onlyIfAbsent: boolean): Promise<boolean> {
    const byBucket = new Map<string, string[]>();
    for (const gap of open) {
      const bucket = bucketOf(gap.areaCode);
      const fields = byBucket.get(bucket) ?? [];
      fields.push(gap._id, encode(gap));
      byBucket.set(bucket, fields);
    }
    const buckets = allBuckets();
    const args: Array<string | number> = [onlyIfAbsent ? '1' : '0', new Date().toISOString()];
    for (const bucket of buckets) {
      const fields = byBucket.get(bucket) ?? [];
      args.push(fields.length / 2, ...fields);
    }
    const keys = [this.builtKey(), ...buckets.map((bucket) => this.key(bucket))];
    return (await this.redis.eval(REPLACE, keys.length, ...keys, ...args)) === 1;
  }

  private key(bucket: string): string {
    return `${this.prefix}:stats:gaps:${bucket}`;
  }

  private builtKey(): string {
    return `${this.prefix}:stats:gaps:built`;
  }
}

let divisions: Set<string> | undefined;

function bucketOf(areaCode: string): string {
  divisions ??= new Set(childAreas(CITY_CODE));
  const division = areaCode.slice(0, 6);
  return areaCode !== CITY_CODE && divisions.has(division) ? division : CITY_BUCKET;
}

function allBuckets(): string[] {
  return [...childAreas(CITY_CODE), CITY_BUCKET];
}

function encode(gap: OpenGap): string {
  const entry: Entry = { k: gap.kind, a: gap.areaCode, t: gap.title, d: gap.detail, s: gap.subjectId, n: gap.since.getTime(), r: gap.raisedAt.getTime() };
  return JSON.stringify(entry);
}

function decode(id: string, json: string): OpenGap {
  const e = JSON.parse(json) as Entry;
  return { _id: id, kind: e.k, areaCode: e.a, title: e.t, detail: e.d, subjectId: e.s, since: new Date(e.n), raisedAt: new Date(e.r) };
}
