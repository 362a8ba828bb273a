import request from 'supertest';
import jwt from 'jsonwebtoken';
import { startTestApi, type TestApi } from '../helpers/test-api';
import { eventually } from '../helpers/eventually';
import { aUser, aVolunteer } from '../fixtures/users';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi({
    WECHAT_SUBSCRIBE_PROVIDER: 'wechat', WECHAT_API_BASE: 'http://127.0.0.1:9', WECHAT_SUBSCRIBE_TEMPLATES: 'enrollment-cancelled=TPL_CANCELLED',
    WECHAT_LONG_TERM_KINDS: 'enrollment-cancelled',
  });
});
afterAll(() => api.stop());

const openSession = (token: string) =>
  request(api.url).post('/api/v1/admin/queue-board/session').set({ authorization: `Bearer ${token}` }).send({});

describe('Bull Board at /admin/queues', () => {
  it('when a city admin opens a session, then an HttpOnly cookie scoped to the board lets the browser in', async () => {
    const admin = await aUser(api, ['city_admin']);
    const session = await openSession(admin.token).expect(200);
    expect(session.body).toEqual({ url: '/admin/queues/', expiresIn: 600 });
    const cookie = session.headers['set-cookie']![0]!;
    expect(cookie).toMatch(/^tx_queue_board=[^;]+;/);
    expect(cookie).toContain('Path=/admin/queues');
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const page = await request(api.url).get('/admin/queues/').set('cookie', cookie.split(';')[0]!).expect(200);
    expect(page.text).toContain('<html');
    const queues = await request(api.url).get('/admin/queues/api/queues').set('cookie', cookie.split(';')[0]!).expect(200);
    expect(queues.body.queues.map((q: { name: string }) => q.name)).toEqual(expect.arrayContaining(['shift-reminders', 'notify-wechat', 'notify-sms']));
  });

  it('when a channel delivery has failed for good, then the admin sees it in the failed set and retries it from the board', async () => {
    const admin = await aUser(api, ['city_admin']);
    const cookie = (await openSession(admin.token).expect(200)).headers['set-cookie']![0]!.split(';')[0]!;
    const queue = api.runtime.infra.queues.queue('notify-wechat');
    // WeChat is unreachable in this file's config: a subscribe message for a WeChat user fails; one attempt, then the failed set.
    const login = await request(api.url).post('/api/v1/auth/wechat').send({ code: `board-${Date.now()}` }).expect(200);
    const ownerId = (await request(api.url).get('/api/v1/me').set({ authorization: `Bearer ${login.body.accessToken}` }).expect(200)).body.id as string;
    const notificationId = `test-notice:failing-${ownerId}`;
    await api.runtime.modules.notifications.service.deliver(ownerId, { id: notificationId, kind: 'enrollment-cancelled', title: '测试', body: '测试', data: {}, urgent: true });
    await queue.add('send', { userId: ownerId, notificationId, urgent: true }, { jobId: 'failing-wechat', attempts: 1 });
    await eventually(async () => expect(await (await queue.getJob('failing-wechat'))!.getState()).toBe('failed'), 10_000, 50);
    const failed = await request(api.url).get('/admin/queues/api/queues?activeQueue=notify-wechat&status=failed').set('cookie', cookie).expect(200);
    const wechatQueue = failed.body.queues.find((q: { name: string }) => q.name === 'notify-wechat');
    expect(wechatQueue.jobs.map((j: { id: string }) => j.id)).toContain('failing-wechat');
    await request(api.url).put('/admin/queues/api/queues/notify-wechat/failing-wechat/retry').set('cookie', cookie).expect(204);
    // Retried: taken again by the worker (and, WeChat still unreachable, failed a second time).
    await eventually(async () => expect((await queue.getJob('failing-wechat'))!.attemptsMade).toBeGreaterThanOrEqual(2), 10_000, 50);
    expect((await request(api.url).put('/admin/queues/api/queues/notify-wechat/failing-wechat/retry')).status).toBe(401);
  });

  it('when a non-admin asks, then the session is refused with 403 and the board with 401 without a cookie', async () => {
    for (const user of [await aVolunteer(api), await aUser(api, ['district_admin'], { districtCode: '510104' })]) {
      expect((await openSession(user.token)).status).toBe(403);
    }
    expect((await request(api.url).get('/admin/queues/')).status).toBe(401);
    expect((await request(api.url).get('/admin/queues/api/queues')).status).toBe(401);
  });

  it('when the cookie is an access token, forged, or names an account that is no longer a city admin, then the board refuses', async () => {
    const volunteer = await aVolunteer(api);
    expect((await request(api.url).get('/admin/queues/').set('cookie', `tx_queue_board=${volunteer.token}`)).status).toBe(401);
    const forged = jwt.sign({ typ: 'queue-board' }, 'another-secret-of-at-least-32-characters', { subject: volunteer.id, expiresIn: 600 });
    expect((await request(api.url).get('/admin/queues/').set('cookie', `tx_queue_board=${forged}`)).status).toBe(401);
    // Correctly signed, but for a volunteer: the roles are read from the account on every request.
    const signed = jwt.sign({ typ: 'queue-board' }, api.config.JWT_SECRET, { subject: volunteer.id, expiresIn: 600 });
    expect((await request(api.url).get('/admin/queues/').set('cookie', `tx_queue_board=${signed}`)).status).toBe(403);
  });
});
