import request from 'supertest';
import { startOwnRedis, type OwnRedis } from '../../helpers/own-redis';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { eventually } from '../../helpers/eventually';
import { aNeedBody, aShift, COMMUNITY } from '../../fixtures/needs';
import { aCommunityStaff, aVolunteer, bearer, type TestUser } from '../../fixtures/users';

// Redis frozen with SIGSTOP keeps its sockets open and answers nothing. Requests that need it must
// answer 503 quickly (bounded by REDIS_COMMAND_TIMEOUT_MS), write nothing half-way, and everything
// must work again once it thaws, without restarting the API.

jest.setTimeout(90_000);

let redis: OwnRedis;
let api: TestApi;

beforeAll(async () => {
  redis = await startOwnRedis();
  // 1.5 s: a bound on the 503s below, and room for start-up's own commands on a loaded machine
  // (at 1 s one timed out there, seen on a fresh-clone run).
  api = await startTestApi({ REDIS_URL: redis.url, REDIS_COMMAND_TIMEOUT_MS: '1500' });
});
afterAll(async () => {
  redis?.resume();
  await api?.stop();
  await redis?.stop();
});

const PAUSE_MS = 20_000;
const QUICK_MS = 3000;

async function timed(send: () => request.Test): Promise<{ res: request.Response; ms: number }> {
  const started = Date.now();
  // A hung request must fail this test, not hang it: the bound is well above what is asserted.
  const res = await send().timeout(10_000);
  return { res, ms: Date.now() - started };
}

describe('Redis paused for 20 s', () => {
  let staff: TestUser;
  let volunteer: TestUser;
  let signUpPath: string;

  beforeAll(async () => {
    staff = await aCommunityStaff(api, COMMUNITY);
    volunteer = await aVolunteer(api);
    const need = await request(api.url).post('/api/v1/needs').set(bearer(staff))
      .send(aNeedBody({ shifts: [aShift(24 * 3_600_000, 5)] })).expect(201);
    signUpPath = `/api/v1/needs/${need.body.id}/shifts/${need.body.shifts[0].id}/enrollments`;
  });

  it('answers 503 with retry-after within 3 s throughout, stores nothing, and recovers without a restart', async () => {
    redis.pause();
    const pausedAt = Date.now();
    const answers: Array<{ status: number; ms: number; retryAfter?: string }> = [];
    try {
      while (Date.now() - pausedAt < PAUSE_MS) {
        for (const send of [
          () => request(api.url).post(signUpPath).set(bearer(volunteer)).send({}),
          () => request(api.url).post('/api/v1/auth/sms/request').send({ phone: '13912345678' }),
        ]) {
          const { res, ms } = await timed(send);
          answers.push({ status: res.status, ms, retryAfter: res.headers['retry-after'] });
        }
        const ready = await timed(() => request(api.url).get('/readyz'));
        answers.push({ status: ready.res.status, ms: ready.ms, retryAfter: '5' });
      }
    } finally {
      redis.resume();
    }

    expect(answers.length).toBeGreaterThanOrEqual(9);
    for (const answer of answers) {
      expect(answer.status).toBe(503);
      expect(answer.ms).toBeLessThan(QUICK_MS);
      expect(answer.retryAfter).toBeDefined();
    }
    // Liveness never depended on Redis: the process was never unhealthy, only not ready.
    await request(api.url).get('/healthz').expect(200);

    // Thawed: the same sign-up goes through once, and nothing from the failed attempts lingers.
    const enrolled = await eventually(async () => {
      const res = await request(api.url).post(signUpPath).set(bearer(volunteer)).send({});
      expect(res.status).toBe(201);
      return res.body as { id: string; status: string };
    }, 10_000, 200);
    expect(enrolled.status).toBe('enrolled');
    const mine = await request(api.url).get('/api/v1/me/enrollments').set(bearer(volunteer)).expect(200);
    expect(mine.body.items ?? mine.body).toHaveLength(1);
    const seats = await api.runtime.infra.connection.db!.collection('shift_seats').countDocuments({ holder: enrolled.id });
    expect(seats).toBe(1);
    await request(api.url).get('/readyz').expect(200);
  });
});
