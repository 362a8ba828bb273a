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
 * The open gaps the dashboard lists, in Redis: one hash per division (field = gap id) and one for
 * city-wide gaps, read in one round trip, so a request never scans `stats_gaps` (FerretDB answers
 * every filter on it with a full scan). Only the gap-alert run raises and closes gaps, and it
 * replaces the whole board right after, from the open gaps it has just read; a board Redis lost is
 * rebuilt from the store by the first request (once per process at a time). A run whose board write
 * fails leaves the board one run behind until the next run.
 */
export class GapBoard {
  private rebuilding: Promise<OpenGap[]> | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly records: Pick<GapRecords, 'openGaps'>,
    private readonly logger: Logger,
  ) {}

  /** Replaces the board with exactly these open gaps, in one transaction. */
  async replace(open: OpenGap[]): Promise<void> {
    const byBucket = new Map<string, Record<string, string>>();
    for (const gap of open) {
      const bucket = bucketOf(gap.areaCode);
      const fields = byBucket.get(bucket) ?? {};
      fields[gap._id] = encode(gap);
      byBucket.set(bucket, fields);
    }
    const multi = this.redis.multi();
    for (const bucket of allBuckets()) {
      multi.del(this.key(bucket));
      const fields = byBucket.get(bucket);
      if (fields) multi.hset(this.key(bucket), fields);
    }
    multi.set(this.builtKey(), new Date().toISOString());
    for (const [error] of (await multi.exec()) ?? []) if (error) throw error;
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
      await this.replace(open);
      this.logger.info({ open: open.length }, 'gap board rebuilt from the store');
      return open;
    })().finally(() => {
      this.rebuilding = undefined;
    });
    return this.rebuilding;
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
