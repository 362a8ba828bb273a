import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { aUser, bearer, type TestUser } from '../../fixtures/users';
import { aCharity, aLiveCampaign } from '../campaigns/campaign-fixtures';

let api: TestApi;
let campaignId: string;

beforeAll(async () => {
  api = await startTestApi({ TRUST_PROXY_HOPS: '1', DONATION_RATE_PER_MINUTE: '3', DONATION_DAILY_LIMIT_FEN: '10000', DONATION_BLOCKED_WORDS: '赌博, 诈骗' });
  campaignId = await aLiveCampaign(api, await aCharity(api));
});
afterAll(() => api.stop());

const donate = (user: TestUser, body: object, key = randomUUID()) =>
  request(api.url).post(`/api/v1/campaigns/${campaignId}/donations`).set(bearer(user)).set('idempotency-key', key).send(body);

describe('donation limits', () => {
  it('when a donor starts more donations a minute than allowed, then 429 with retry-after; a retried key is not counted again', async () => {
    const donor = await aUser(api, ['donor']);
    const key = randomUUID();
    expect((await donate(donor, { amountFen: 100 }, key)).status).toBe(201);
    expect((await donate(donor, { amountFen: 100 }, key)).status).toBe(200);
    expect((await donate(donor, { amountFen: 100 })).status).toBe(201);
    expect((await donate(donor, { amountFen: 100 })).status).toBe(201);
    const limited = await donate(donor, { amountFen: 100 });
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another donor is not affected.
    expect((await donate(await aUser(api, ['donor']), { amountFen: 100 })).status).toBe(201);
  });

  it('when one donor starts 20 donations at once from 20 addresses, then exactly 3 are created and the rest get 429', async () => {
    const donor = await aUser(api, ['donor']);
    const answers = await Promise.all(Array.from({ length: 20 }, (_, n) =>
      donate(donor, { amountFen: 100 }).set('x-forwarded-for', `198.51.100.${n}`)));
    expect(answers.filter((res) => res.status === 201)).toHaveLength(3);
    expect(answers.filter((res) => res.status === 429)).toHaveLength(17);
    const mine = await request(api.url).get('/api/v1/me/donations').set(bearer(donor)).expect(200);
    expect(mine.body.items).toHaveLength(3);
  });

  it('when a donor would pass the daily limit, then 422 DONATION_LIMIT_EXCEEDED and a smaller gift still fits', async () => {
    const donor = await aUser(api, ['donor']);
    expect((await donate(donor, { amountFen: 6000 })).status).toBe(201);
    const over = await donate(donor, { amountFen: 5000 });
    expect(over.status).toBe(422);
    expect(over.body.code).toBe('DONATION_LIMIT_EXCEEDED');
    expect((await donate(donor, { amountFen: 4000 })).status).toBe(201);
    const mine = await request(api.url).get('/api/v1/me/donations').set(bearer(donor)).expect(200);
    expect(mine.body.items.map((d: { amountFen: number }) => d.amountFen).sort()).toEqual([4000, 6000]);
  });

  it('when the message holds a filtered word, then 400 on the message field and no donation', async () => {
    const donor = await aUser(api, ['donor']);
    const refused = await donate(donor, { amountFen: 100, message: '远离赌博，爱心传递' });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ path: 'message', message: '留言包含不当用语，请修改后再试' }]);
    expect((await request(api.url).get('/api/v1/me/donations').set(bearer(donor)).expect(200)).body.items).toHaveLength(0);
  });
});
