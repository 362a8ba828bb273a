// `npm run bench:stats`: the statistics dashboard's reads over a generated city, through the real
// API (the range's days from the warm window in Redis, or by `_id` from `stats_daily` when not warm), beside computing the same figures
// from the raw collections on request (one streamed pass per collection and day: the baseline), in
// the same run. Also times the nightly roll-up of one day. Starts the store and Redis when none are
// configured; writes into a `bench_stats_*` database dropped at the end. The last line is one JSON object.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CITY_CODE } from '@tongxin/shared';
import { loadConfig } from '../../server/src/config/config';
import { createApiRuntime } from '../../server/src/runtime';
import { RawStatsSource } from '../../server/src/modules/stats';
import { combineDays, emptyFigures, toStatsFigures } from '../../server/src/modules/stats/rollup.figures';
import { addDays, datesBetween, shanghaiDate } from '../../server/src/modules/stats/stats.areas';
import { childAreas } from '../../server/src/modules/stats/stats.rollup';
import { dropTestState } from '../../tests/helpers/test-state';
import { generateCity } from '../city/city';
import { generateHistory } from '../city/history';
import { runLoad, type LoadRequest } from './load';

const VOLUNTEERS = Number(process.env.BENCH_VOLUNTEERS ?? 10_000);
/** Days in the dashboard's range, each rolled up first. */
const DAYS = Number(process.env.BENCH_DAYS ?? 7);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 2_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
/** Requests answered from the raw collections (each reads every collection once per day of the range). */
const RAW_SAMPLES = Number(process.env.BENCH_RAW_SAMPLES ?? 2);

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const round1 = (n: number) => Number(n.toFixed(1));

async function main(): Promise<void> {
  const { ensureServices } = await import('../lib/services-lib.mjs');
  const services = await ensureServices({ log: (line: string) => console.error(`[services] ${line}`) });
  const stamp = Date.now();
  const config = loadConfig({
    ...process.env, MONGODB_URI: services.mongoUri, REDIS_URL: services.redisUrl, NODE_ENV: 'test', WORKERS_IN_PROCESS: 'false', ACCESS_TOKEN_TTL: '86400',
    MONGODB_DB: `bench_stats_${stamp}`, REDIS_PREFIX: `bench:stats:${stamp}`, LOG_LEVEL: 'warn',
  });
  const runtime = await createApiRuntime(config);
  const apiUrl = await listen(runtime.httpServer);
  const db = runtime.infra.connection.db!;
  try {
    const today = shanghaiDate(new Date());
    const now = new Date(`${today}T00:00:00Z`);
    console.error(`[bench] generating a city of ${VOLUNTEERS} volunteers with 40 days of history…`);
    const city = await generateCity(db, { seed: 42, volunteers: VOLUNTEERS, now, volunteerAccounts: false, enrollmentsPerVolunteer: 1, batchSize: 2000, log: (l) => console.error(l) });
    await generateHistory(db, { seed: 42, now, days: 40, donorsPerDay: 0.2, batchSize: 2000 });
    const to = addDays(today, -1);
    const from = addDays(to, 1 - DAYS);
    const dates = datesBetween(from, to);

    console.error(`[bench] rolling up ${dates.length} days…`);
    const rollupSeconds: number[] = [];
    for (const date of dates) rollupSeconds.push((await runtime.modules.stats.rollup.rollUp(date)).seconds);
    rollupSeconds.sort((a, b) => a - b);

    // Areas at every level that saw activity: the city, its divisions, their streets, their communities.
    const cityDoc = await db.collection('stats_daily').findOne({ _id: `${to}#${CITY_CODE}` as never });
    const divisions = Object.keys(cityDoc?.children ?? {});
    // A sample of streets and communities: the cold pass must finish inside the queries' one-minute cache.
    const streets = divisions.map((d) => childAreas(d)[0]!).filter(Boolean);
    const communities = streets.map((s) => childAreas(s)[0]!).filter(Boolean);
    const areas = [CITY_CODE, ...divisions, ...streets, ...communities];
    const admin = await runtime.modules.users.service.createUser({ displayName: '市民政局', roles: ['city_admin'] });
    const token = (await runtime.modules.auth.issueTokens(admin.id)).accessToken;
    const headers = { authorization: `Bearer ${token}` };
    const dashboard = (i: number): LoadRequest => {
      const areaCode = areas[i % areas.length]!;
      const kind = Math.floor(i / areas.length) % 2 === 0 ? 'overview' : 'children';
      return { method: 'GET', path: `/api/v1/stats/${kind}?areaCode=${areaCode}&from=${from}&to=${to}`, headers };
    };

    // As before the warm window (or after a restart that also lost Redis, before the warm-up ends):
    // the days are read from `stats_daily` (one `$in` on `_id` per request).
    const redis = runtime.infra.redis;
    const dayKeys = dates.map((date) => `${config.REDIS_PREFIX}:stats:day:${date}`);
    await redis.del(...dayKeys);
    console.error(`[bench] store pass: ${areas.length * 2} dashboard reads, the days read from the store (one $in on _id)…`);
    const storeCold = await runLoad(apiUrl, CONCURRENCY, Array.from({ length: areas.length * 2 }, (_, i) => dashboard(i)));
    // A restart that lost Redis: the warm-up loads the days back from the store.
    await redis.del(...dayKeys);
    const warmUp = await runtime.modules.stats.warmUp();
    console.error(`[bench] cold pass: ${areas.length * 2} first dashboard reads from the warm window…`);
    const cold = await runLoad(apiUrl, CONCURRENCY, Array.from({ length: areas.length * 2 }, (_, i) => dashboard(i)));
    console.error(`[bench] ${QUERIES} dashboard reads from ${CONCURRENCY} clients…`);
    const ours = await runLoad(apiUrl, CONCURRENCY, Array.from({ length: QUERIES }, (_, i) => dashboard(i * 7919)));

    console.error(`[bench] ${RAW_SAMPLES} requests answered from the raw collections…`);
    const raw = new RawStatsSource(db);
    const rawLatencies: number[] = [];
    for (let i = 0; i < RAW_SAMPLES; i++) {
      const areaCode = areas[(i * 7919) % areas.length]!;
      const t0 = performance.now();
      const days = [];
      for (const date of dates) days.push((await raw.computeDay(date)).get(areaCode) ?? emptyFigures());
      toStatsFigures(combineDays(days));
      rawLatencies.push(performance.now() - t0);
    }
    rawLatencies.sort((a, b) => a - b);
    const rawP50 = percentile(rawLatencies, 50);

    const figures = {
      bench: 'stats', volunteers: VOLUNTEERS, documents: city.documents, days: dates.length, areas: areas.length,
      rollupS: round1(percentile(rollupSeconds, 50)), rollupMaxS: round1(rollupSeconds.at(-1) ?? 0),
      dashboardQueries: ours.requests, concurrency: CONCURRENCY, perSecond: ours.perSecond,
      dashboardP50Ms: ours.p50Ms, dashboardP99Ms: ours.p99Ms, coldP50Ms: cold.p50Ms, coldP99Ms: cold.p99Ms,
      storeColdP50Ms: storeCold.p50Ms, storeColdP99Ms: storeCold.p99Ms, warmUpS: round1(warmUp.seconds), warmUpDays: warmUp.loaded,
      rawP50Ms: Math.round(rawP50), rawMaxMs: Math.round(rawLatencies.at(-1) ?? 0),
      rawRatio: Math.round(rawP50 / Math.max(ours.p50Ms, 0.1)), rawRatioCold: Math.round(rawP50 / Math.max(cold.p50Ms, 0.1)),
      statuses: { ...ours.statuses }, coldStatuses: { ...cold.statuses },
    };
    console.log(`roll-up of one day: ${figures.rollupS} s (median of ${dates.length})`);
    console.log(`dashboard over ${areas.length} areas, ${DAYS}-day range: p50 ${ours.p50Ms} ms, p99 ${ours.p99Ms} ms (first reads p50 ${cold.p50Ms}, p99 ${cold.p99Ms})`);
    console.log(`not warm (days from the store, one $in on _id): p50 ${storeCold.p50Ms} ms, p99 ${storeCold.p99Ms} ms; warm-up of ${warmUp.loaded} days: ${figures.warmUpS} s`);
    console.log(`raw collections on request: p50 ${figures.rawP50Ms} ms (${figures.rawRatio}× ours, ${figures.rawRatioCold}× cold)`);
    console.log(JSON.stringify(figures));
  } finally {
    await runtime.close();
    await dropTestState(config);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
