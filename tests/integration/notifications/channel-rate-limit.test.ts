import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { QUEUE_NAMES } from '../../../server/src/modules/queues.registry';
import type { NewNotification, SandboxWechatSubscribeSender } from '../../../server/src/modules/notifications';
import { bearer } from '../../fixtures/users';
import { eventually } from '../../helpers/eventually';
import { startTestApi, type TestApi } from '../../helpers/test-api';

const PER_MINUTE = 3;
let api: TestApi;
let wechat: SandboxWechatSubscribeSender;

beforeAll(async () => {
  api = await startTestApi({ WECHAT_SUBSCRIBE_TEMPLATES: 'enrollment-cancelled=TPL_CANCELLED', WECHAT_LONG_TERM_KINDS: 'enrollment-cancelled', WECHAT_SUBSCRIBE_PER_MINUTE: String(PER_MINUTE) });
  wechat = api.runtime.modules.notifications.wechat as SandboxWechatSubscribeSender;
});
afterAll(() => api.stop());

async function aWechatUser(): Promise<{ id: string; token: string }> {
  const login = await request(api.url).post('/api/v1/auth/wechat').send({ code: `limit-${randomUUID()}` }).expect(200);
  const me = await request(api.url).get('/api/v1/me').set({ authorization: `Bearer ${login.body.accessToken}` }).expect(200);
  return { id: me.body.id, token: login.body.accessToken };
}

const aNotice = (n: number): NewNotification =>
  ({ id: `limit-notice:${n}-${Date.now()}`, kind: 'enrollment-cancelled', title: '报名已取消', body: '你报名的班次已取消', data: {}, urgent: true });

describe('the WeChat channel under its quota (BullMQ limiter)', () => {
  it('when more messages are due than the per-minute quota, then only the quota is sent this minute and the rest wait in the queue, none failed, every notice already in the inbox', async () => {
    const users = await Promise.all(Array.from({ length: 8 }, aWechatUser));
    const openids = new Set(await Promise.all(users.map(async (u) => (await api.runtime.modules.users.service.wechatOpenId(u.id))!)));
    const sentToUs = () => wechat.sent.filter((m) => openids.has(m.openid));

    for (const [i, user] of users.entries()) await api.runtime.modules.notifications.service.deliver(user.id, aNotice(i));

    await eventually(() => expect(sentToUs()).toHaveLength(PER_MINUTE), 10_000, 100);
    // The limiter holds the rest: a few more seconds change nothing (the window is a minute).
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(sentToUs()).toHaveLength(PER_MINUTE);
    const queue = api.runtime.infra.queues.queue(QUEUE_NAMES.notifyWechat);
    const counts = await queue.getJobCounts('waiting', 'delayed', 'prioritized', 'active', 'failed', 'completed');
    expect(counts.failed).toBe(0);
    expect(counts.completed).toBe(PER_MINUTE);
    expect((counts.waiting ?? 0) + (counts.delayed ?? 0) + (counts.prioritized ?? 0) + (counts.active ?? 0)).toBe(users.length - PER_MINUTE);
    for (const user of users) {
      const inbox = await request(api.url).get('/api/v1/me/notifications').set(bearer(user)).expect(200);
      expect(inbox.body.items).toHaveLength(1);
    }
  }, 30_000);
});
