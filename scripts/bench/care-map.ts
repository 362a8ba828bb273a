// `npm run bench:care-map`: the care map's nearest-points query (places left for a meal, price after
// subsidy for an elder, distance) over 10,000 meal points and service stations across the city,
// through the real API, beside the same question asked of the store alone in the same run.
// The clients run in a child process (`LoadProcess`), so the figures are the API's, not its load
// generator's. Starts the store and Redis when none are configured. The last line is one JSON object.
// BENCH_CPU_PROFILE=<file.cpuprofile> writes a CPU profile of the API process during the measured queries,
// BENCH_HEAP_PROFILE=<file.heapprofile> a sampled profile of what it allocates then, and BENCH_TRACE_GC=1
// prints V8's line for each collection then (`--trace-gc`).
import { writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import v8 from 'node:v8';
import { Session } from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import { Types } from 'mongoose';
import { createElderSchema, createMealBookingSchema, distanceMetres, shanghaiDayOf, type GeoPoint } from '@tongxin/shared';
import { loadConfig } from '../../server/src/config/config';
import { createApiRuntime } from '../../server/src/runtime';
import { dropTestState } from '../../tests/helpers/test-state';
import { BulkWriter } from '../city/bulk-writer';
import { carePoints } from '../city/care-points';
import { CityGeography } from '../city/geography';
import { CityRandom } from '../city/random';
import { LoadProcess, type LoadRequest } from './load';
import { gcInside, ProcessWatch } from './process-watch';
import { RequestPhases } from './request-phases';

const POINTS = Number(process.env.BENCH_POINTS ?? 10_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 2_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const BOOKINGS = 300;
const STORE_QUERIES = Number(process.env.BENCH_STORE_QUERIES ?? 15);
const RADIUS_KM = 3;
const LIMIT = 20;

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/**
 * Runs `measure` under the V8 CPU profiler when BENCH_CPU_PROFILE names a file, and under the sampling
 * heap profiler (every allocation sampled, kept or collected) when BENCH_HEAP_PROFILE does.
 */
async function profiled<T>(measure: () => Promise<T>): Promise<T> {
  const cpuFile = process.env.BENCH_CPU_PROFILE;
  const heapFile = process.env.BENCH_HEAP_PROFILE;
  if (!cpuFile && !heapFile) return measure();
  const session = new Session();
  session.connect();
  if (cpuFile) {
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  if (heapFile) {
    await session.post('HeapProfiler.enable');
    await session.post('HeapProfiler.startSampling', {
      // BENCH_HEAP_PROMOTED=1: only what outlived the young generation (alive or dead since), what makes scavenges slow.
      samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: !process.env.BENCH_HEAP_PROMOTED,
    });
  }
  try {
    return await measure();
  } finally {
    if (cpuFile) {
      const { profile } = await session.post('Profiler.stop');
      await writeFile(cpuFile, JSON.stringify(profile));
      console.error(`[bench] CPU profile of the measured queries: ${cpuFile}`);
    }
    if (heapFile) {
      const { profile } = await session.post('HeapProfiler.stopSampling');
      await writeFile(heapFile, JSON.stringify(profile));
      console.error(`[bench] allocation profile of the measured queries: ${heapFile}`);
    }
    session.disconnect();
  }
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

async function main(): Promise<void> {
  // BENCH_V8_FLAGS: V8 flags for this process (the API's), for trying out collector settings.
  if (process.env.BENCH_V8_FLAGS) v8.setFlagsFromString(process.env.BENCH_V8_FLAGS);
  const { ensureServices } = await import('../lib/services-lib.mjs');
  const services = await ensureServices({ log: (line: string) => console.error(`[services] ${line}`) });
  const stamp = Date.now();
  const config = loadConfig({
    ...process.env, MONGODB_URI: services.mongoUri, REDIS_URL: services.redisUrl, NODE_ENV: 'test',
    MONGODB_DB: `bench_care_map_${stamp}`, REDIS_PREFIX: `bench:care-map:${stamp}`, LOG_LEVEL: 'warn',
  });
  const runtime = await createApiRuntime(config);
  const apiUrl = await listen(runtime.httpServer);
  const { users, auth, mealPoints } = runtime.modules;
  const phases = new RequestPhases(runtime.httpServer);
  // The call the route makes (the service phase of each request).
  mealPoints.careMap.nearJson = phases.wrap(mealPoints.careMap.nearJson.bind(mealPoints.careMap));
  const load = new LoadProcess();
  try {
    const random = new CityRandom(7, 'care-map-bench');
    const geography = new CityGeography();
    const admin = await users.service.createUser({ displayName: '市民政局', roles: ['city_admin'] });
    console.error(`[bench] writing ${POINTS} care points…`);
    const writer = new BulkWriter(runtime.infra.connection.db!);
    const centres: GeoPoint[] = [];
    for (const point of carePoints(random.fork('points'), geography, POINTS, new Types.ObjectId(admin.id))) {
      await writer.add('meal_points', point);
      if (point.kind === 'meal_point' && point.meals.some((m) => m.meal === 'lunch')) centres.push(point.location);
    }
    await writer.flush();

    const staff = await users.service.createUser({ displayName: '社工', roles: ['community_staff'], scopes: { communityCode: '510104001001' } });
    const staffActor = (await users.service.getActor(staff.id))!;
    const elder = await mealPoints.elders.create(staffActor, createElderSchema.parse({
      name: '压测老人', ageBand: '80+', communityCode: '510104001001', consent: { given: true, by: 'self' },
    }));
    const date = shanghaiDayOf(new Date(Date.now() + 2 * 86_400_000));
    await mealPoints.directory.ready();
    console.error(`[bench] ${mealPoints.directory.size} points in memory; ${BOOKINGS} bookings…`);
    const near = (i: number) => centres[(i * 7919) % centres.length]!;
    for (let i = 0; i < BOOKINGS; i++) {
      const candidates = await mealPoints.directory.near(near(i), 1);
      const target = candidates.find((c) => c.item.point.kind === 'meal_point' && c.item.point.openingDays.length === 7);
      if (!target) continue;
      const booker = await mealPoints.elders.create(staffActor, createElderSchema.parse({
        name: '用餐老人', ageBand: '70+', communityCode: '510104001001', consent: { given: true, by: 'self' },
      }));
      await mealPoints.bookings.book(staffActor, target.item.id, createMealBookingSchema.parse({ elderId: booker.id, date, meal: 'lunch', mode: 'dine_in' }));
    }

    const token = (await auth.issueTokens(staff.id)).accessToken;
    const query = (i: number): LoadRequest => {
      const { lat, lng } = near(i + 1);
      return {
        method: 'GET',
        path: `/api/v1/meal-points?near=${lat},${lng}&radiusKm=${RADIUS_KM}&date=${date}&meal=lunch&elderId=${elder.id}&limit=${LIMIT}`,
        // A request id of our own (the API keeps a well-formed one), so its phases can be told apart.
        headers: { authorization: `Bearer ${token}`, 'x-request-id': `care-map-query-${i}` },
      };
    };
    // Warm-up: every centre once, so the meal counters exist in Redis (a missing one is rebuilt from the store).
    await load.run(apiUrl, CONCURRENCY, Array.from({ length: centres.length }, (_, i) => query(i)));
    console.error(`[bench] ${QUERIES} care-map queries from ${CONCURRENCY} clients…`);
    const queries = Array.from({ length: QUERIES }, (_, i) => query(i));
    const watch = new ProcessWatch();
    // V8's own line per collection (heap sizes, pause) during the measured queries only; not allowed in NODE_OPTIONS.
    if (process.env.BENCH_TRACE_GC) v8.setFlagsFromString('--trace-gc');
    watch.start();
    phases.recording = true;
    const ours = await profiled(() => load.run(apiUrl, CONCURRENCY, queries));
    phases.recording = false;
    const api = await watch.stop();
    if (process.env.BENCH_TRACE_GC) v8.setFlagsFromString('--no-trace-gc');
    // The API's CPU per query: on a shared machine steadier than latency, which waits for the cores.
    const apiCpuMsPerQuery = Number((api.cpuMs / QUERIES).toFixed(3));
    const inside = phases.figures(api.pauses);
    const slowSeen = gcInside(ours.slowest, api.pauses);
    // The same queries one at a time: the latency of one request with nothing queued before it.
    const alone = CONCURRENCY === 1 ? ours : await load.run(apiUrl, 1, queries);

    console.error(`[bench] ${STORE_QUERIES} store-only queries…`);
    const db = runtime.infra.connection.db!;
    const storeLatencies: number[] = [];
    for (let i = 0; i < STORE_QUERIES; i++) {
      const centre = near(i + 1);
      const t0 = performance.now();
      // The store alone: no geo operators on FerretDB, so read the points, measure, then count places taken.
      const all = await db.collection('meal_points').find({}, { projection: { location: 1, meals: 1, kind: 1 } }).toArray();
      const found = all
        .map((p) => ({ id: String(p._id), d: distanceMetres(centre, p.location as GeoPoint) }))
        .filter((p) => p.d <= RADIUS_KM * 1000).sort((a, b) => a.d - b.d).slice(0, LIMIT);
      await db.collection('meal_places').aggregate([
        { $match: { pool: { $in: found.map((p) => `${p.id}#${date}#lunch`) } } }, { $group: { _id: '$pool', n: { $sum: 1 } } },
      ]).toArray();
      storeLatencies.push(performance.now() - t0);
    }
    storeLatencies.sort((a, b) => a - b);
    const storeP50 = percentile(storeLatencies, 50);

    const figures = {
      bench: 'care-map', points: mealPoints.directory.size, queries: ours.requests, concurrency: CONCURRENCY, radiusKm: RADIUS_KM,
      bookings: BOOKINGS, perSecond: ours.perSecond, p50Ms: ours.p50Ms, p99Ms: ours.p99Ms, statuses: ours.statuses, apiCpuMsPerQuery,
      allocatedKbPerQuery: Number((api.allocatedBytes / 1024 / QUERIES).toFixed(1)),
      gcPauses: api.gcPauses, gcTotalMs: api.gcTotalMs, gcMaxMs: api.gcMaxMs, eventLoopDelayMaxMs: api.eventLoopDelayMaxMs,
      oneClientPerSecond: alone.perSecond, oneClientP50Ms: alone.p50Ms, oneClientP99Ms: alone.p99Ms,
      loadAverage: Number(os.loadavg()[0]!.toFixed(1)), storeP50Ms: Number(storeP50.toFixed(1)), storeRatio: Number((storeP50 / Math.max(ours.p50Ms, 0.1)).toFixed(1)),
    };
    console.log(`care map over ${figures.points} points: ${ours.perSecond}/s, p50 ${ours.p50Ms} ms, p99 ${ours.p99Ms} ms (${CONCURRENCY} clients)`);
    console.log(`API CPU per query: ${apiCpuMsPerQuery} ms, allocated ${figures.allocatedKbPerQuery} KB per query (load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')})`);
    console.log(`GC while measuring: ${api.gcPauses} pauses, ${api.gcTotalMs} ms in all, longest ${api.gcMaxMs} ms `
      + `(${Object.entries(api.gcByKind).map(([kind, k]) => `${kind} ${k.count}×/${k.ms} ms`).join(', ')}); `
      + `event loop held up p99 ${api.eventLoopDelayP99Ms} ms, max ${api.eventLoopDelayMaxMs} ms`);
    console.log(`inside the API, median: before the service ${inside.median.beforeMs} ms, service ${inside.median.serviceMs} ms, `
      + `response ${inside.median.afterMs} ms (${inside.median.totalMs} ms); slowest ${inside.slowest.count}: `
      + `${inside.slowest.beforeMs} / ${inside.slowest.serviceMs} / ${inside.slowest.afterMs} ms (${inside.slowest.totalMs} ms), `
      + `${inside.slowest.withGcPause} with a GC pause inside (${inside.slowest.gcMsInside} ms each on average)`);
    console.log(`slowest ${ours.slowest.length} as the clients saw them (${ours.slowest.at(-1)?.ms.toFixed(1)}–${ours.slowest[0]?.ms.toFixed(1)} ms): `
      + `${slowSeen.withPause} with a GC pause of the API inside (${slowSeen.gcMs} ms each on average)`);
    console.log(`one client: ${alone.perSecond}/s, p50 ${alone.p50Ms} ms, p99 ${alone.p99Ms} ms`);
    console.log(`store only: p50 ${figures.storeP50Ms} ms (${figures.storeRatio}× ours)`);
    console.log(JSON.stringify(figures));
  } finally {
    load.close();
    await runtime.close();
    await dropTestState(config);
    // Stops only what ensureServices started (a store or Redis it found running stays).
    await services.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
