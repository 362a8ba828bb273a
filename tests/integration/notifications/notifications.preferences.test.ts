import request from 'supertest';
import type { ServerToClientEvents } from '@tongxin/shared';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { eventually } from '../../helpers/eventually';
import { aVolunteer, bearer, type TestUser } from '../../fixtures/users';
import { createNotificationsModule, type NewNotification } from '../../../server/src/modules/notifications';
import { QUEUE_NAMES, type NotificationDeliveryJob } from '../../../server/src/modules/queues.registry';
import type { Notifier } from '../../../server/src/platform/notifier';

let api: TestApi;
/** The inbox as seen at 23:00 in Chengdu, inside the default quiet hours; its delivery worker runs here. */
let night: ReturnType<typeof createNotificationsModule>;
const pushes: Array<{ room: string; event: keyof ServerToClientEvents }> = [];
const NIGHT = new Date('2026-11-30T23:00:00+08:00');

beforeAll(async () => {
  api = await startTestApi({ WORKERS_IN_PROCESS: 'false', DEFAULT_QUIET_HOURS: '22:00-08:00' });
  const recording: Notifier = { emit: (room, event, ..._args) => void pushes.push({ room, event }), disconnectSockets: () => undefined };
  night = createNotificationsModule({ ...api.runtime.infra, notifier: recording }, api.runtime.modules.auth.authenticate, { now: () => NIGHT });
  night.startWorkers();
});
afterAll(() => api.stop());

let counter = 0;
const aNotice = (overrides: Partial<NewNotification> = {}): NewNotification => {
  counter += 1;
  return { id: `test-notice:${counter}-${Date.now()}`, kind: 'enrollment-promoted', title: '候补成功', body: '测试', data: {}, ...overrides };
};
const inboxOf = async (user: TestUser) => (await request(api.url).get('/api/v1/me/notifications').set(bearer(user)).expect(200)).body;
const savePreferences = (user: TestUser, body: unknown) =>
  request(api.url).put('/api/v1/me/notification-preferences').set(bearer(user)).send(body as object);
const deliveries = () => api.runtime.infra.queues.queue<NotificationDeliveryJob>(QUEUE_NAMES.notificationDelivery);

describe('GET|PUT /api/v1/me/notification-preferences', () => {
  it('when nothing was saved, then every kind is on and quiet hours are 22:00–08:00', async () => {
    const res = await request(api.url).get('/api/v1/me/notification-preferences').set(bearer(await aVolunteer(api))).expect(200);
    expect(res.body).toEqual({
      kinds: { 'shift-reminder': true, 'enrollment-cancelled': true, 'enrollment-promoted': true, 'shift-moved': true, 'welfare-alert': true, 'shift-invitation': true, 'donation-thanks': true, 'campaign-ending-soon': true, 'campaign-ended': true, 'disclosure-due': true, 'meal-reminder': true, 'delivery-task': true, 'gap-alert': true, 'hours-verification': true, 'receipt-issued': true, 'receipt-window-closing': true, 'refund-result': true, 'refund-handling': true, 'receipt-declined': true },
      quietHours: { enabled: true, start: '22:00', end: '08:00' },
    });
  });

  it('when a kind is switched off, then only it changes, and a later save keeps it', async () => {
    const user = await aVolunteer(api);
    expect((await savePreferences(user, { kinds: { 'shift-moved': false } }).expect(200)).body.kinds['shift-moved']).toBe(false);
    const later = await savePreferences(user, { quietHours: { enabled: true, start: '23:00', end: '07:00' } }).expect(200);
    expect(later.body).toMatchObject({ kinds: { 'shift-moved': false, 'shift-reminder': true }, quietHours: { start: '23:00' } });
  });

  it('when the body is invalid, then 400 with Chinese field messages', async () => {
    const user = await aVolunteer(api);
    const res = await savePreferences(user, { kinds: { spam: true } });
    expect(res.status).toBe(400);
    expect((await savePreferences(user, { quietHours: { enabled: true, start: '8:00', end: '22:00' } })).body.errors[0].message).toBe('时间格式应为 HH:MM');
  });
});

describe('delivery under preferences and quiet hours', () => {
  it('when a non-urgent notice comes at 23:00, twice, then it waits as one delayed job until 08:00 and is stored and pushed once', async () => {
    const user = await aVolunteer(api);
    const notice = aNotice();
    expect(await night.service.deliver(user.id, notice)).toBe('deferred');
    expect(await night.service.deliver(user.id, notice)).toBe('deferred');
    expect((await inboxOf(user)).items).toEqual([]);
    const held = (await deliveries().getDelayed()).filter((j) => j.data.userId === user.id);
    expect(held).toHaveLength(1);
    expect(held[0]!.opts.delay).toBe(9 * 3_600_000);
    // Ids only in Redis: the text waits in the store's outbox.
    expect(held[0]!.data).toEqual({ userId: user.id, notificationId: notice.id });
    const outbox = api.runtime.infra.connection.collection('notification_outbox');
    expect(await outbox.countDocuments({ userId: user.id })).toBe(1);

    await held[0]!.promote();
    await eventually(async () => expect((await inboxOf(user)).items.map((n: { id: string }) => n.id)).toEqual([notice.id]));
    await eventually(async () => expect(await held[0]!.getState()).toBe('completed'));
    expect(pushes.filter((p) => p.room === `user:${user.id}` && p.event === 'notification:created')).toHaveLength(1);
    expect(await outbox.countDocuments({ userId: user.id })).toBe(0);
    // The same job run again (a retry after a crash) finds nothing held and stores nothing more.
    expect(await night.service.deliverDeferred(user.id, notice.id)).toBe('duplicate');
    expect((await inboxOf(user)).items).toHaveLength(1);
  });

  it('when an urgent notice comes at 23:00, then it is delivered at once', async () => {
    const user = await aVolunteer(api);
    expect(await night.service.deliver(user.id, aNotice({ kind: 'enrollment-cancelled', urgent: true }))).toBe('delivered');
    expect((await inboxOf(user)).unreadCount).toBe(1);
  });

  it('when the user switched a kind off or quiet hours off, then that kind is dropped and others come at once', async () => {
    const user = await aVolunteer(api);
    await savePreferences(user, { kinds: { 'shift-moved': false }, quietHours: { enabled: false, start: '22:00', end: '08:00' } }).expect(200);
    expect(await night.service.deliver(user.id, aNotice({ kind: 'shift-moved', urgent: true }))).toBe('disabled');
    expect(await night.service.deliver(user.id, aNotice())).toBe('delivered');
    expect((await inboxOf(user)).items.map((n: { kind: string }) => n.kind)).toEqual(['enrollment-promoted']);
  });
});
