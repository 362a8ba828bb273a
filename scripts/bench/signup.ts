// `npm run bench:signup`: sign-up throughput and latency under 200 concurrent clients, for one
// popular shift and for 1,000 different shifts, beside a bare authenticated Express route measured
// in the same run. Starts the store and Redis when none are configured; runs the real API in-process
// on an ephemeral loopback port. The last line is one JSON object with every figure.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createNeedSchema, volunteerProfileSchema, type CreateNeedBody } from '@tongxin/shared';
import { loadConfig } from '../../server/src/config/config';
import { createApiRuntime, type ApiRuntime } from '../../server/src/runtime';
import { aVolunteerProfileBody } from '../../tests/fixtures/volunteer-profiles';
import { dropTestState } from '../../tests/helpers/test-state';
import { runLoad, type LoadRequest } from './load';

const CONCURRENCY = 200;
/** Sign-ups per scenario (one volunteer each); kept modest because the development store scans. */
const VOLUNTEERS = Number(process.env.BENCH_VOLUNTEERS ?? 600);
const POPULAR_CAPACITY = 100;
const SHIFTS = 1000;
const DAY = 86_400_000;

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function makeVolunteers(runtime: ApiRuntime, count: number): Promise<string[]> {
  const { users, auth, volunteers } = runtime.modules;
  const tokens: string[] = [];
  for (let i = 0; i < count; i += 50) {
    tokens.push(...await Promise.all(Array.from({ length: Math.min(50, count - i) }, async () => {
      const user = await users.service.createUser({ displayName: '压测志愿者', roles: ['volunteer'] });
      await volunteers.service.saveMine({ userId: user.id, roles: ['volunteer'], scopes: {} }, volunteerProfileSchema.parse(aVolunteerProfileBody()));
      return (await auth.issueTokens(user.id)).accessToken;
    })));
  }
  return tokens;
}

async function postNeed(runtime: ApiRuntime, staffId: string, shifts: CreateNeedBody['shifts']) {
  const staff = (await runtime.modules.users.service.getActor(staffId))!;
  const body = createNeedSchema.parse({
    title: '压测需求', category: 'community_service', beneficiaryType: 'residents', communityCode: '510104001001', shifts,
  });
  return runtime.modules.needs.service.createNeed(staff, body);
}

function signUps(tokens: string[], target: (i: number) => { needId: string; shiftId: string }): LoadRequest[] {
  return tokens.map((token, i) => {
    const { needId, shiftId } = target(i);
    return {
      method: 'POST',
      path: `/api/v1/needs/${needId}/shifts/${shiftId}/enrollments`,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{}',
    };
  });
}

async function main(): Promise<void> {
  const { ensureServices } = await import('../lib/services-lib.mjs');
  const services = await ensureServices({ log: (line: string) => console.error(`[services] ${line}`) });
  const config = loadConfig({
    ...process.env, MONGODB_URI: services.mongoUri, REDIS_URL: services.redisUrl, NODE_ENV: 'test',
    MONGODB_DB: `bench_signup_${Date.now()}`, REDIS_PREFIX: `bench:signup:${Date.now()}`, LOG_LEVEL: 'warn',
  });
  const runtime = await createApiRuntime(config);
  const apiUrl = await listen(runtime.httpServer);
  const bare = express().get('/bare', runtime.modules.auth.authenticate, (_req, res) => void res.status(204).end());
  const bareUrl = await listen(http.createServer(bare));
  try {
    console.error(`[bench] creating ${VOLUNTEERS * 2} volunteers with profiles…`);
    const staff = await runtime.modules.users.service.createUser({ displayName: '社工', roles: ['community_staff'], scopes: { communityCode: '510104001001' } });
    const popularTokens = await makeVolunteers(runtime, VOLUNTEERS);
    const spreadTokens = await makeVolunteers(runtime, VOLUNTEERS);
    const start = Date.now() + 3 * DAY;
    const shift = (offsetMs: number, capacity: number) =>
      ({ startsAt: new Date(start + offsetMs).toISOString(), endsAt: new Date(start + offsetMs + 3_600_000).toISOString(), capacity });

    const popular = await postNeed(runtime, staff.id, [shift(0, POPULAR_CAPACITY)]);
    const spreadTargets: Array<{ needId: string; shiftId: string }> = [];
    for (let i = 0; i < SHIFTS; i += 50) {
      const need = await postNeed(runtime, staff.id, Array.from({ length: 50 }, (_, k) => shift(DAY + (i + k) * 7_200_000, 5)));
      spreadTargets.push(...need.shifts.map((s) => ({ needId: need.id, shiftId: s.id })));
    }

    const bareRun = await runLoad(bareUrl, CONCURRENCY, popularTokens.map((token) => ({ method: 'GET', path: '/bare', headers: { authorization: `Bearer ${token}` } })));
    const popularRun = await runLoad(apiUrl, CONCURRENCY, signUps(popularTokens, () => ({ needId: popular.id, shiftId: popular.shifts[0]!.id })));
    const spreadRun = await runLoad(apiUrl, CONCURRENCY, signUps(spreadTokens, (i) => spreadTargets[i % spreadTargets.length]!));
    const popularView = await runtime.modules.needs.service.getNeed((await runtime.modules.users.service.getActor(staff.id))!, popular.id);

    const figures = {
      store: services.mongoUri.includes('27017') ? 'ferretdb-sqlite (project default)' : 'configured',
      concurrency: CONCURRENCY,
      bare: bareRun,
      popularShift: { ...popularRun, capacity: POPULAR_CAPACITY, enrolled: popularView.shifts[0]!.enrolled },
      manyShifts: { ...spreadRun, shifts: spreadTargets.length },
      popularBareRatio: Number((popularRun.perSecond / bareRun.perSecond).toFixed(4)),
      manyShiftsBareRatio: Number((spreadRun.perSecond / bareRun.perSecond).toFixed(4)),
      overbooked: popularView.shifts[0]!.enrolled > POPULAR_CAPACITY,
    };
    console.log(`bare authenticated route: ${bareRun.perSecond}/s, p99 ${bareRun.p99Ms} ms`);
    console.log(`one popular shift (${POPULAR_CAPACITY} places): ${popularRun.perSecond}/s, p99 ${popularRun.p99Ms} ms, statuses ${JSON.stringify(popularRun.statuses)}`);
    console.log(`${spreadTargets.length} shifts: ${spreadRun.perSecond}/s, p99 ${spreadRun.p99Ms} ms, statuses ${JSON.stringify(spreadRun.statuses)}`);
    console.log(JSON.stringify(figures));
  } finally {
    await runtime.close();
    await dropTestState(config);
    await services.stop();
  }
}

main().then(() => process.exit(0), (error: unknown) => {
  console.error(error);
  process.exit(1);
});
