import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { volunteerProfileSchema } from '@tongxin/shared';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { eventually } from '../../helpers/eventually';
import { aVolunteerProfileBody } from '../../fixtures/volunteer-profiles';
import { aVolunteer, bearer, type TestUser } from '../../fixtures/users';
import type { SandboxSmsProvider } from '../../../server/src/modules/auth';
import type { NewNotification, SandboxWechatSubscribeSender } from '../../../server/src/modules/notifications';

let api: TestApi;
let wechat: SandboxWechatSubscribeSender;
let sms: SandboxSmsProvider;

beforeAll(async () => {
  api = await startTestApi({
    WECHAT_SUBSCRIBE_TEMPLATES: 'shift-moved=TPL_MOVED,enrollment-cancelled=TPL_CANCELLED',
    WECHAT_LONG_TERM_KINDS: 'enrollment-cancelled',
  });
  wechat = api.runtime.modules.notifications.wechat as SandboxWechatSubscribeSender;
  sms = api.runtime.modules.auth.sms as SandboxSmsProvider;
});
afterAll(() => api.stop());

/** Signed in with WeChat (so an openid is known) and with a profile phone (so SMS can reach them). */
async function aWechatVolunteer(): Promise<TestUser & { openid: string }> {
  const code = `channels-${randomUUID()}`;
  const login = await request(api.url).post('/api/v1/auth/wechat').send({ code }).expect(200);
  const token = login.body.accessToken as string;
  const me = await request(api.url).get('/api/v1/me').set({ authorization: `Bearer ${token}` }).expect(200);
  await api.runtime.modules.volunteers.service.saveMine(
    { userId: me.body.id, roles: ['volunteer'], scopes: {} }, volunteerProfileSchema.parse(aVolunteerProfileBody()),
  );
  const openid = (await api.runtime.modules.users.service.wechatOpenId(me.body.id))!;
  return { id: me.body.id, token, openid };
}

let counter = 0;
const aNotice = (kind: NewNotification['kind'], urgent = true): NewNotification => {
  counter += 1;
  return { id: `test-notice:${counter}-${Date.now()}`, kind, title: '班次时间调整', body: '你报名的班次时间调整', data: {}, urgent };
};
const subscribe = (user: TestUser, results: Record<string, string>, requestId = randomUUID()) =>
  request(api.url).post('/api/v1/me/subscriptions').set(bearer(user)).send({ requestId, results });

describe('GET|POST /api/v1/me/subscriptions', () => {
  it('when the user accepts one-time templates, then each accept counts once, a retried request adds nothing, long-term ones are not counted', async () => {
    const user = await aVolunteer(api);
    const first = randomUUID();
    await subscribe(user, { TPL_MOVED: 'accept' }, first).expect(200);
    await subscribe(user, { TPL_MOVED: 'accept' }, first).expect(200);
    const res = await subscribe(user, { TPL_MOVED: 'accept', TPL_CANCELLED: 'accept' }).expect(200);
    expect(res.body.templates).toEqual(expect.arrayContaining([
      { kind: 'shift-moved', templateId: 'TPL_MOVED', longTerm: false, remaining: 2 },
      { kind: 'enrollment-cancelled', templateId: 'TPL_CANCELLED', longTerm: true, remaining: null },
    ]));
    await subscribe(user, { TPL_MOVED: 'reject' }).expect(200);
    expect((await request(api.url).get('/api/v1/me/subscriptions').set(bearer(user)).expect(200)).body.templates[0].remaining).toBe(2);
  });

  it('when the template is unknown or the body is malformed, then 400 with Chinese messages', async () => {
    const user = await aVolunteer(api);
    const unknown = await subscribe(user, { TPL_OTHER: 'accept' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0]).toEqual({ path: 'results.TPL_OTHER', message: '未知的订阅消息模板' });
    expect((await subscribe(user, { TPL_MOVED: 'maybe' })).status).toBe(400);
    expect((await request(api.url).post('/api/v1/me/subscriptions').set(bearer(user)).send({ requestId: 'x', results: {} })).status).toBe(400);
    expect((await request(api.url).get('/api/v1/me/subscriptions')).status).toBe(401);
  });
});

describe('sending beyond the inbox', () => {
  it('when two opt-ins are left and three urgent notices come, then two go by WeChat, the third by SMS, and none is left', async () => {
    const user = await aWechatVolunteer();
    await subscribe(user, { TPL_MOVED: 'accept' }).expect(200);
    await subscribe(user, { TPL_MOVED: 'accept' }).expect(200);
    const smsBefore = sms.notices.length;
    const notices = [aNotice('shift-moved'), aNotice('shift-moved'), aNotice('shift-moved')];
    for (const notice of notices) expect(await api.runtime.modules.notifications.service.deliver(user.id, notice)).toBe('delivered');

    await eventually(async () => {
      expect(wechat.sent.filter((m) => m.openid === user.openid)).toHaveLength(2);
      expect(sms.notices.slice(smsBefore)).toEqual([{ phone: '13912345678', params: { title: '班次时间调整' } }]);
    }, 15_000, 100);
    const sent = wechat.sent.filter((m) => m.openid === user.openid);
    expect(sent[0]).toMatchObject({ templateId: 'TPL_MOVED', data: { thing1: '班次时间调整', thing2: '你报名的班次时间调整' } });
    expect(sent[0]!.data.time3).toMatch(/^\d{4}/);
    const view = await request(api.url).get('/api/v1/me/subscriptions').set(bearer(user)).expect(200);
    expect(view.body.templates.find((t: { kind: string }) => t.kind === 'shift-moved').remaining).toBe(0);
    // All three are in the inbox whatever the channel.
    expect((await request(api.url).get('/api/v1/me/notifications').set(bearer(user)).expect(200)).body.items).toHaveLength(3);
  });

  it('when the template is long-term, then it is sent without any opt-in', async () => {
    const user = await aWechatVolunteer();
    await api.runtime.modules.notifications.service.deliver(user.id, aNotice('enrollment-cancelled'));
    await eventually(async () => expect(wechat.sent.filter((m) => m.openid === user.openid).map((m) => m.templateId)).toEqual(['TPL_CANCELLED']), 15_000, 100);
  });

  it('when WeChat says the user holds no subscription, then the count drops to zero and an urgent notice goes by SMS', async () => {
    const user = await aWechatVolunteer();
    await subscribe(user, { TPL_MOVED: 'accept' }).expect(200);
    wechat.unsubscribed.add(user.openid);
    const before = sms.notices.length;
    await api.runtime.modules.notifications.service.deliver(user.id, aNotice('shift-moved'));
    await eventually(async () => expect(sms.notices.length).toBe(before + 1), 15_000, 100);
    expect(wechat.sent.filter((m) => m.openid === user.openid)).toHaveLength(0);
    const view = await request(api.url).get('/api/v1/me/subscriptions').set(bearer(user)).expect(200);
    expect(view.body.templates.find((t: { kind: string }) => t.kind === 'shift-moved').remaining).toBe(0);
  });
});
