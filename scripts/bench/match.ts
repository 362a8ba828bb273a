// `npm run bench:match -- --volunteers 2400000`: the matching index over a synthetic city, against a
// naive scan, Redis GEOSEARCH plus filtering, and the store, on the same 1,000 random shifts (central
// and rural) in one run on one core. Reuses a seeded store (`--db`, seeded when it holds fewer
// volunteers). The last line is one JSON object.
//   npm run bench:match -- [--volunteers 2400000] [--db match_city] [--queries 1000] [--naive 200] [--redis 100] [--store 1] [--phase all|store|store-query|query|memory] [--seeded]
// On FerretDB the store parts (building from the store, the store baseline) take most of an hour at
// 2.4 M, so they can run apart: `--phase store` builds, keeps the snapshot and writes the store
// figures beside it; `--phase query` loads that snapshot and measures the rest, reporting the store
// figures with the time they were measured (`storeMeasuredAt`). `--phase store-query` times only the
// store baseline (on a seeded store); `--phase memory` generates the same city straight into the index
// and reports the store baseline from the last `store-query` run, if any (`storeQueryMeasuredAt`).
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { loadConfig } from '../../server/src/config/config';
import { createCoreRuntime } from '../../server/src/runtime';
import { buildFromStore } from '../../server/src/modules/matching/index/index-loader';
import { readSnapshot, writeSnapshot } from '../../server/src/modules/matching/index/snapshot';
import { generateCity } from '../city/city';
import { generatedIndex, randomShifts, type BenchQuery } from './match-city';
import { loadRedisGeo, percentile, redisGeoQuery, storeQuery } from './match-baselines';

/** The store's figures, measured with the build (kept beside the snapshot between phases). */
interface StoreFigures { storeLoadS: number; storeP50Ms: number; storeSample: number; storeMeasuredAt: string; storeQueryMeasuredAt?: string }

function timeEach<T>(items: T[], run: (item: T) => unknown): number[] {
  return items.map((item) => {
    const started = performance.now();
    run(item);
    return performance.now() - started;
  });
}

/**
 * Wall time and this process's CPU time per item. On a loaded machine the wall time's tail is the
 * process waiting for a core; the CPU time is the query's own work.
 */
function timeEachWithCpu<T>(items: T[], run: (item: T) => unknown): { wall: number[]; cpu: number[] } {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (const item of items) {
    const cpuStarted = process.cpuUsage();
    const started = performance.now();
    run(item);
    wall.push(performance.now() - started);
    const used = process.cpuUsage(cpuStarted);
    cpu.push((used.user + used.system) / 1000);
  }
  return { wall, cpu };
}

async function timeEachAsync<T>(items: T[], run: (item: T) => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (const item of items) {
    const started = performance.now();
    await run(item);
    times.push(performance.now() - started);
  }
  return times;
}

/** The store queries timed apart by `--phase store-query` (on FerretDB one reads the whole collection), if any. */
async function storeQueryFigures(sidecar: string): Promise<Partial<StoreFigures>> {
  const separate = await readFile(`${sidecar}.queries`, 'utf8').catch(() => null);
  return separate ? (JSON.parse(separate) as Partial<StoreFigures>) : {};
}

const round = (x: number, digits = 3) => Number(x.toFixed(digits));
const log = (line: string) => console.log(`[bench:match] ${line}`);

async function main(): Promise<void> {
  const { values } = parseArgs({ options: {
    volunteers: { type: 'string', default: '2400000' }, db: { type: 'string' }, queries: { type: 'string', default: '1000' },
    naive: { type: 'string', default: '200' }, redis: { type: 'string', default: '100' }, store: { type: 'string', default: '1' },
    phase: { type: 'string', default: 'all' },
    /** Skip the count (on FerretDB a count reads the whole collection). */
    seeded: { type: 'boolean', default: false },
  } });
  const phase = values.phase as 'all' | 'store' | 'store-query' | 'query' | 'memory';
  const volunteers = Number(values.volunteers);
  const { ensureServices, startRedis, freePort } = await import('../lib/services-lib.mjs');
  const services = await ensureServices({ log: (line: string) => console.error(`[services] ${line}`) });
  const dbName = values.db ?? (volunteers === 2_400_000 ? 'match_city' : `match_city_${volunteers}`);
  const config = loadConfig({
    ...process.env, MONGODB_URI: services.mongoUri, REDIS_URL: services.redisUrl, MONGODB_DB: dbName,
    REDIS_PREFIX: `bench:match:${Date.now()}`, LOG_LEVEL: 'warn', MATCHING_SNAPSHOT_DIR: '',
  });
  const runtime = await createCoreRuntime(config, { workers: false });
  const geoRedisServer = await startRedis({ port: await freePort() });
  const geoRedis = new Redis(geoRedisServer.url);
  try {
    const db = runtime.infra.connection.db!;
    const present = values.seeded || phase === 'memory' ? volunteers : await db.collection('volunteer_profiles').estimatedDocumentCount();
    if (present < volunteers) {
      log(`store ${dbName} holds ${present} volunteers; seeding ${volunteers} (seed 42)…`);
      await generateCity(db, { seed: 42, volunteers, now: new Date(), volunteerAccounts: false, enrollmentsPerVolunteer: 0.1, batchSize: 4000, log });
    }

    await mkdir('.data/matching', { recursive: true });
    const file = `.data/matching/bench-${dbName}.snapshot`;
    const sidecar = `.data/matching/bench-${dbName}.store.json`;
    const queries = randomShifts(Number(values.queries));
    let store: StoreFigures;
    if (phase === 'store-query') {
      // The store baseline alone (it can run beside `--phase store`, which then samples no store queries).
      const storeSample = queries.slice(0, Number(values.store));
      const storeTimes = await timeEachAsync(storeSample, (b) => storeQuery(db, b.q, b.districtCode));
      const figures = { storeP50Ms: percentile(storeTimes, 50), storeSample: storeSample.length, storeQueryMeasuredAt: new Date().toISOString() };
      await writeFile(`${sidecar}.queries`, JSON.stringify(figures));
      console.log(JSON.stringify({ phase, ...figures }));
      return;
    }
    if (phase === 'memory') {
      // The same city generated straight into the index (no store): for when the store parts cannot run.
      const built = await generatedIndex(volunteers);
      await writeSnapshot(file, built, { profilesUpdatedAt: 0, weekStart: 0 });
      store = { storeLoadS: NaN, storeP50Ms: NaN, storeSample: 0, storeMeasuredAt: 'not measured (--phase memory)' };
      store = { ...store, ...(await storeQueryFigures(sidecar)) };
    } else if (phase === 'query') {
      store = JSON.parse(await readFile(sidecar, 'utf8')) as StoreFigures;
      store = { ...store, ...(await storeQueryFigures(sidecar)) };
    } else {
      log('building the index from the store (streamed projection)…');
      const feed = runtime.modules.enrollments.matchingFeed;
      const started = performance.now();
      const built = await buildFromStore({
        profiles: (since) => runtime.modules.volunteers.service.streamMatchFacts(since),
        enrollmentsFrom: (from) => feed.startingFrom(from), reliabilityFacts: () => feed.reliabilityFacts(),
      }, Date.now());
      const storeLoadS = (performance.now() - started) / 1000;
      log(`built ${built.index.size} volunteers in ${storeLoadS.toFixed(1)} s`);
      await writeSnapshot(file, built.index, { profilesUpdatedAt: built.profilesUpdatedAt, weekStart: built.weekStart });
      const storeSample = queries.slice(0, phase === 'store' && values.store === '0' ? 0 : Number(values.store));
      const storeTimes = await timeEachAsync(storeSample, (b) => storeQuery(db, b.q, b.districtCode));
      log(`store (district + skill filter, distance in code): p50 ${percentile(storeTimes, 50).toFixed(0)} ms over ${storeSample.length}`);
      store = { storeLoadS, storeP50Ms: percentile(storeTimes, 50), storeSample: storeSample.length, storeMeasuredAt: new Date().toISOString() };
      await writeFile(sidecar, JSON.stringify(store));
      if (phase === 'store') {
        console.log(JSON.stringify({ phase, volunteers: built.index.size, ...store }));
        return;
      }
    }
    const snapshotBytes = (await stat(file)).size;
    const loadStarted = performance.now();
    const loaded = await readSnapshot(file);
    const snapshotLoadS = (performance.now() - loadStarted) / 1000;
    if (!loaded) throw new Error('snapshot did not load');
    const index = loaded.index;
    log(`snapshot ${(snapshotBytes / 1e6).toFixed(0)} MB loaded and verified in ${snapshotLoadS.toFixed(2)} s`);

    const context = (b: BenchQuery) => ({ startMs: b.startMs, endMs: b.endMs });
    timeEach(queries.slice(0, 50), (b) => index.search(b.q, context(b))); // warm-up
    const { wall: ours, cpu: oursCpu } = timeEachWithCpu(queries, (b) => index.search(b.q, context(b)));
    const found = queries.reduce((sum, b) => sum + index.search(b.q, context(b)).length, 0) / queries.length;
    const rural = queries.filter((b) => b.rural);
    const oursRural = timeEach(rural, (b) => index.search(b.q, context(b)));
    log(`index: p50 ${percentile(ours, 50).toFixed(3)} ms, p99 ${percentile(ours, 99).toFixed(3)} ms (CPU time p99 ${percentile(oursCpu, 99).toFixed(3)} ms) over ${queries.length} shifts (${rural.length} rural), ${found.toFixed(1)} candidates on average`);

    const naiveSample = queries.slice(0, Number(values.naive));
    const naive = timeEach(naiveSample, (b) => index.scan(b.q, context(b)));
    log(`naive scan: p50 ${percentile(naive, 50).toFixed(1)} ms over ${naiveSample.length}`);

    await loadRedisGeo(geoRedis, index);
    const redisSample = queries.slice(0, Number(values.redis));
    const redisTimes = await timeEachAsync(redisSample, (b) => redisGeoQuery(geoRedis, index, b.q));
    log(`redis GEOSEARCH + filter: p50 ${percentile(redisTimes, 50).toFixed(1)} ms over ${redisSample.length}`);

    const p50 = percentile(ours, 50);
    console.log(JSON.stringify({
      volunteers: index.size, bytesPerVolunteer: round(index.bytesPerVolunteer(), 1),
      skillListBytesPerVolunteer: round(index.postings.byteLength / index.size, 2), snapshotBytes, snapshotLoadS: round(snapshotLoadS, 2),
      storeLoadS: round(store.storeLoadS, 1), queries: queries.length, p50Ms: round(p50, 4), p99Ms: round(percentile(ours, 99), 4),
      p50CpuMs: round(percentile(oursCpu, 50), 4), p99CpuMs: round(percentile(oursCpu, 99), 4),
      ruralP50Ms: round(percentile(oursRural, 50), 4), candidatesPerQuery: round(found, 1),
      naiveP50Ms: round(percentile(naive, 50), 2), naiveSample: naiveSample.length, naiveRatio: round(percentile(naive, 50) / p50, 1),
      redisGeoP50Ms: round(percentile(redisTimes, 50), 2), redisSample: redisSample.length, redisGeoRatio: round(percentile(redisTimes, 50) / p50, 1),
      storeP50Ms: round(store.storeP50Ms, 0), storeSample: store.storeSample, storeRatio: round(store.storeP50Ms / p50, 0),
      storeMeasuredAt: store.storeMeasuredAt, storeQueryMeasuredAt: store.storeQueryMeasuredAt ?? store.storeMeasuredAt, phase, store: dbName, radiusKm: 10, limit: 20,
    }));
    if (phase === 'all' || phase === 'memory') await rm(file, { force: true });
  } finally {
    geoRedis.disconnect();
    await geoRedisServer.stop();
    await runtime.close();
    await services.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
