// `npm run bench:stats`: the statistics dashboard's reads over a generated city, through the real
// API (the range's days from the warm window in Redis, or by `_id` from `stats_daily` when not warm), beside computing the same figures
// from the raw collections on request (one streamed pass per collection and day: the baseline), in
// the same run. Also times the nightly roll-up of one day, and the dashboard's two lists (meal-point use, needs
// short of volunteers) from their roll-ups beside the same lists computed from the raw collections on request. Starts the store and Redis when none are
// configured; writes into a `bench_stats_*` database dropped at the end. The last line is one JSON object.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import mongoose from 'mongoose';
import { CITY_CODE } from '@tongxin/shared';
import { loadConfig } from '../../server/src/config/config';
import { createApiRuntime } from '../../server/src/runtime';
import { ExportSources, RawStatsSource, rawMealPointUse, rawUnfilled, topByUse, topUnfilled } from '../../server/src/modules/stats';
import { combineDays, emptyFigures, toStatsFigures } from '../../server/src/modules/stats/rollup.figures';
import { addDays, datesBetween, shanghaiDate } from '../../server/src/modules/stats/stats.areas';
import { childAreas } from '../../server/src/modules/stats/stats.rollup';
import { dropTestState } from '../../tests/helpers/test-state';
import { generateCity } from '../city/city';
import { generateHistory } from '../city/history';
import { generateMealHistory } from '../city/meal-history';
import { runLoad, type LoadRequest } from './load';

const VOLUNTEERS = Number(process.env.BENCH_VOLUNTEERS ?? 10_000);
/** Days in the dashboard's range, each rolled up first. */
const DAYS = Number(process.env.BENCH_DAYS ?? 7);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 2_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
/** Requests answered from the raw collections (each reads every collection once per day of the range); at least one, for `rawRatio`. */
const RAW_SAMPLES = Math.max(1, Number(process.env.BENCH_RAW_SAMPLES ?? 2));
/** Generation: documents per insertMany and batches in flight. */
const BATCH = Number(process.env.BENCH_BATCH ?? 5_000);
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 4);
/** `0` skips the pass reading the days from `stats_daily` (storeCold*), and the two lists (meal points, unfilled needs). */
const STORE_PASS = process.env.BENCH_STORE_PASS !== '0';
const LISTS = process.env.BENCH_LISTS !== '0';
/** Care points of the city (four in five meal points, each with bookings on its open days over the history). */
const MEAL_POINTS = Number(process.env.BENCH_MEAL_POINTS ?? Math.max(20, Math.round(VOLUNTEERS / 500)));

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const round1 = (n: number) => Number(n.toFixed(1));
const benchStarted = performance.now();
/** Progress on stderr, with the time since the run began, so a long run can be followed. */
const step = (line: string) => console.error(`[bench +${((performance.now() - benchStarted) / 1000).toFixed(0)} s] ${line}`);
const phases: Record<string, number> = {};
async function phase<T>(name: string, run: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const result = await run();
  phases[name] = round1((performance.now() - t0) / 1000);
  step(`${name}: ${phases[name]} s`);
  return result;
}

/**
 * Generates the city into the bench's database before the API starts, so the store builds the
 * indexes once over the loaded collections (the runtime creates them at start) instead of
 * maintaining them on every insert.
 */
async function generate(mongoUri: string, dbName: string, today: string) {
  const connection = await mongoose.createConnection(mongoUri, { dbName }).asPromise();
  try {
    const db = connection.db!;
    const now = new Date(`${today}T00:00:00Z`);
    const writing = { batchSize: BATCH, inFlight: IN_FLIGHT, log: step };
    step(`generating a city of ${VOLUNTEERS} volunteers with 40 days of history (batches of ${BATCH}, ${IN_FLIGHT} in flight)…`);
    const city = await phase('generateCityS', () => generateCity(db, { seed: 42, volunteers: VOLUNTEERS, now, volunteerAccounts: false, enrollmentsPerVolunteer: 1, ...writing }));
    step(`city: ${city.documents} documents, ${city.docsPerSecond} docs/s`);
    const history = await phase('generateHistoryS', () => generateHistory(db, { seed: 42, now, days: 40, donorsPerDay: 0.2, ...writing }));
    step(`history: ${history.hours} hours, ${history.donations} donations`);
    const meals = await phase('generateMealsS', () => generateMealHistory(db, { seed: 42, today, days: 40, ahead: 1, points: MEAL_POINTS, ...writing }));
    step(`meals: ${meals.mealPoints} points, ${meals.bookings} bookings`);
    return { city, meals };
  } finally {
    await connection.close();
  }
}

async function main(): Promise<void> {
  const { ensureServices } = await import('../lib/services-lib.mjs');
  const services = await ensureServices({ log: (line: string) => console.error(`[services] ${line}`) });
  const stamp = Date.now();
  const today = shanghaiDate(new Date());
  const config = loadConfig({
    ...process.env, MONGODB_URI: services.mongoUri, REDIS_URL: services.redisUrl, NODE_ENV: 'test', WORKERS_IN_PROCESS: 'false', ACCESS_TOKEN_TTL: '86400',
    MONGODB_DB: `bench_stats_${stamp}`, REDIS_PREFIX: `bench:stats:${stamp}`, LOG_LEVEL: 'warn',
  });
  const { city, meals } = await generate(services.mongoUri, config.MONGODB_DB, today).catch(async (error: unknown) => {
    await dropTestState(config);
    await services.stop();
    throw error;
  });
  const runtime = await phase('startAndIndexS', () => createApiRuntime(config));
  const apiUrl = await listen(runtime.httpServer);
  const db = runtime.infra.connection.db!;
  try {
    const to = addDays(today, -1);
    const from = addDays(to, 1 - DAYS);
    const dates = datesBetween(from, to);

    step(`rolling up ${dates.length} days…`);
    const rollupSeconds: number[] = [];
    for (const date of dates) {
      rollupSeconds.push((await runtime.modules.stats.rollup.rollUp(date)).seconds);
      step(`rolled up ${date}: ${round1(rollupSeconds.at(-1)!)} s`);
    }
    rollupSeconds.sort((a, b) => a - b);
    const mealRollup = LISTS ? await phase('mealRollupS', () => runtime.modules.stats.meals.rollUp()) : { seconds: 0 };
    const boardStarted = performance.now();
    if (LISTS) await runtime.modules.stats.unfilledBoard.refresh();
    const boardSeconds = (performance.now() - boardStarted) / 1000;

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
    step(STORE_PASS ? `store pass: ${areas.length * 2} dashboard reads, the days read from the store (one $in on _id)…` : 'store pass skipped (BENCH_STORE_PASS=0)');
    const storeCold = STORE_PASS ? await runLoad(apiUrl, CONCURRENCY, Array.from({ length: areas.length * 2 }, (_, i) => dashboard(i))) : null;
    // A restart that lost Redis: the warm-up loads the days back from the store.
    await redis.del(...dayKeys);
    const warmUp = await runtime.modules.stats.warmUp();
    step(`cold pass: ${areas.length * 2} first dashboard reads from the warm window…`);
    const cold = await runLoad(apiUrl, CONCURRENCY, Array.from({ length: areas.length * 2 }, (_, i) => dashboard(i)));
    step(`${QUERIES} dashboard reads from ${CONCURRENCY} clients…`);
    const ours = await runLoad(apiUrl, CONCURRENCY, Array.from({ length: QUERIES }, (_, i) => dashboard(i * 7919)));

    step(`${RAW_SAMPLES} requests answered from the raw collections (each: every collection read once per day)…`);
    const raw = new RawStatsSource(db);
    const rawLatencies: number[] = [];
    for (let i = 0; i < RAW_SAMPLES; i++) {
      const areaCode = areas[(i * 7919) % areas.length]!;
      const t0 = performance.now();
      const days = [];
      for (const date of dates) days.push((await raw.computeDay(date)).get(areaCode) ?? emptyFigures());
      toStatsFigures(combineDays(days));
      rawLatencies.push(performance.now() - t0);
      step(`raw sample ${i + 1}/${RAW_SAMPLES} (${areaCode}): ${Math.round(rawLatencies.at(-1)!)} ms`);
    }
    rawLatencies.sort((a, b) => a - b);
    const rawP50 = percentile(rawLatencies, 50);
    const lists = LISTS ? await benchLists({ apiUrl, headers, areas, from, to, runtime }) : null;

    const figures = {
      bench: 'stats', volunteers: VOLUNTEERS, documents: city.documents, days: dates.length, areas: areas.length,
      rollupS: round1(percentile(rollupSeconds, 50)), rollupMaxS: round1(rollupSeconds.at(-1) ?? 0),
      dashboardQueries: ours.requests, concurrency: CONCURRENCY, perSecond: ours.perSecond,
      dashboardP50Ms: ours.p50Ms, dashboardP99Ms: ours.p99Ms, coldP50Ms: cold.p50Ms, coldP99Ms: cold.p99Ms,
      storeColdP50Ms: storeCold?.p50Ms ?? null, storeColdP99Ms: storeCold?.p99Ms ?? null, warmUpS: round1(warmUp.seconds), warmUpDays: warmUp.loaded,
      rawP50Ms: Math.round(rawP50), rawMaxMs: Math.round(rawLatencies.at(-1) ?? 0),
      rawRatio: Math.round(rawP50 / Math.max(ours.p50Ms, 0.1)), rawRatioCold: Math.round(rawP50 / Math.max(cold.p50Ms, 0.1)),
      statuses: { ...ours.statuses }, coldStatuses: { ...cold.statuses },
      mealPoints: meals.mealPoints, mealBookings: meals.bookings, mealRollupS: LISTS ? round1(mealRollup.seconds) : null, unfilledRefreshS: LISTS ? round1(boardSeconds) : null,
      ...lists, phases,
    };
    console.log(`roll-up of one day: ${figures.rollupS} s (median of ${dates.length})`);
    console.log(`dashboard over ${areas.length} areas, ${DAYS}-day range: p50 ${ours.p50Ms} ms, p99 ${ours.p99Ms} ms (first reads p50 ${cold.p50Ms}, p99 ${cold.p99Ms})`);
    console.log(`generated ${city.documents} city documents at ${city.docsPerSecond} docs/s; phases (s): ${JSON.stringify(phases)}`);
    if (storeCold) console.log(`not warm (days from the store, one $in on _id): p50 ${storeCold.p50Ms} ms, p99 ${storeCold.p99Ms} ms`);
    console.log(`warm-up of ${warmUp.loaded} days: ${figures.warmUpS} s`);
    console.log(`raw collections on request: p50 ${figures.rawP50Ms} ms (${figures.rawRatio}× ours, ${figures.rawRatioCold}× cold)`);
    if (lists) console.log(`meal-point use (${meals.mealPoints} points, ${meals.bookings} bookings; window rolled up in ${figures.mealRollupS} s): p50 ${lists.mealPointsP50Ms} ms, p99 ${lists.mealPointsP99Ms} ms; raw on request p50 ${lists.mealRawP50Ms} ms, p99 ${lists.mealRawP99Ms} ms (${lists.mealRawRatio}× ours)`);
    if (lists) console.log(`unfilled needs (board refreshed in ${figures.unfilledRefreshS} s): p50 ${lists.unfilledP50Ms} ms, p99 ${lists.unfilledP99Ms} ms; raw on request p50 ${lists.unfilledRawP50Ms} ms, p99 ${lists.unfilledRawP99Ms} ms (${lists.unfilledRawRatio}× ours); same answers as raw: ${lists.listsMatchRaw}`);
    console.log(JSON.stringify(figures));
  } finally {
    await runtime.close();
    await dropTestState(config);
    // Stops only what ensureServices started (a store or Redis it found running stays).
    await services.stop();
  }
}

interface ListsBench {
  apiUrl: string;
  headers: Record<string, string>;
  areas: string[];
  from: string;
  to: string;
  runtime: Awaited<ReturnType<typeof createApiRuntime>>;
}

/**
 * The dashboard's two lists through the API (meal-point use over the range, the needs most short of
 * volunteers) for every area, beside the same lists computed from the raw collections on request (as
 * the routes did before), in the same run; and whether both give the same answers for the city and a division.
 */
async function benchLists({ apiUrl, headers, areas, from, to, runtime }: ListsBench) {
  const mealPath = (i: number) => `/api/v1/stats/meal-points?areaCode=${areas[i % areas.length]}&from=${from}&to=${to}`;
  const unfilledPath = (i: number) => `/api/v1/stats/unfilled-needs?areaCode=${areas[i % areas.length]}`;
  step(`${QUERIES} meal-point and ${QUERIES} unfilled-need reads from ${CONCURRENCY} clients…`);
  const meal = await runLoad(apiUrl, CONCURRENCY, Array.from({ length: QUERIES }, (_, i) => ({ method: 'GET', path: mealPath(i * 7919), headers })));
  const unfilled = await runLoad(apiUrl, CONCURRENCY, Array.from({ length: QUERIES }, (_, i) => ({ method: 'GET', path: unfilledPath(i * 7919), headers })));

  step(`${RAW_SAMPLES} of each list computed from the raw collections…`);
  const sources = new ExportSources(runtime.infra.connection.db!);
  const needs = (before: Date) => runtime.modules.needs.service.listUnfilled(before);
  const rawMeal: number[] = [];
  const rawUnfilledMs: number[] = [];
  for (let i = 0; i < RAW_SAMPLES; i++) {
    const areaCode = areas[(i * 7919) % areas.length]!;
    let t0 = performance.now();
    topByUse(await rawMealPointUse(sources, { areaCode, from, to, dates: datesBetween(from, to) }));
    rawMeal.push(performance.now() - t0);
    t0 = performance.now();
    topUnfilled(await rawUnfilled(needs, areaCode, new Date()));
    rawUnfilledMs.push(performance.now() - t0);
  }
  rawMeal.sort((a, b) => a - b);
  rawUnfilledMs.sort((a, b) => a - b);

  let listsMatchRaw = true;
  for (const areaCode of [CITY_CODE, areas[1] ?? CITY_CODE]) {
    const api = async (path: string) => (await fetch(`${apiUrl}${path}`, { headers })).json() as Promise<{ items: Array<Record<string, unknown>> }>;
    const ourMeals = (await api(`/api/v1/stats/meal-points?areaCode=${areaCode}&from=${from}&to=${to}`)).items.map(({ today: _, ...item }) => item);
    const rawMeals = topByUse(await rawMealPointUse(sources, { areaCode, from, to, dates: datesBetween(from, to) })).map(({ facts, use }) => ({
      pointId: facts.pointId, pointName: facts.name, communityCode: facts.communityCode, capacity: use.capacity, booked: use.booked, served: use.served,
      useRate: use.capacity > 0 ? use.booked / use.capacity : null,
    }));
    const ourNeeds = (await api(`/api/v1/stats/unfilled-needs?areaCode=${areaCode}`)).items;
    const rawNeeds = topUnfilled(await rawUnfilled(needs, areaCode, new Date()));
    if (JSON.stringify(ourMeals) !== JSON.stringify(rawMeals) || JSON.stringify(ourNeeds) !== JSON.stringify(rawNeeds)) listsMatchRaw = false;
  }
  const mealRawP50 = percentile(rawMeal, 50);
  const unfilledRawP50 = percentile(rawUnfilledMs, 50);
  return {
    mealPointsP50Ms: meal.p50Ms, mealPointsP99Ms: meal.p99Ms, mealRawP50Ms: Math.round(mealRawP50), mealRawP99Ms: Math.round(percentile(rawMeal, 99)),
    mealRawRatio: Math.round(mealRawP50 / Math.max(meal.p50Ms, 0.1)),
    unfilledP50Ms: unfilled.p50Ms, unfilledP99Ms: unfilled.p99Ms, unfilledRawP50Ms: Math.round(unfilledRawP50),
    unfilledRawP99Ms: Math.round(percentile(rawUnfilledMs, 99)), unfilledRawRatio: Math.round(unfilledRawP50 / Math.max(unfilled.p50Ms, 0.1)),
    listsMatchRaw, listStatuses: { meal: { ...meal.statuses }, unfilled: { ...unfilled.statuses } },
  };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
