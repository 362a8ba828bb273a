import request from 'supertest';
import type { NotificationView } from '@tongxin/shared';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { connectSocket, nextEvent } from '../../helpers/sockets';
import { aUser, aVolunteer, bearer, type TestUser } from '../../fixtures/users';
import type { NewNotification } from '../../../server/src/modules/notifications';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

let counter = 0;

/** A notification nobody else has; everything a test does not care about is filled in. */
function aNotification(overrides: Partial<NewNotification> = {}): NewNotification {
  counter += 1;
  return {
    id: `test-notice:${counter}-${Date.now()}`,
    kind: 'shift-reminder',
    title: '班次提醒：明天有服务',
    body: `测试通知 ${counter}`,
    data: { needId: 'a'.repeat(24) },
    // Urgent, so the user's quiet hours never hold it back whatever the time of the test run.
    urgent: true,
    ...overrides,
  };
}

async function deliverMany(user: TestUser, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const notice = aNotification();
    await api.runtime.modules.notifications.service.deliver(user.id, notice);
    ids.push(notice.id);
  }
  return ids;
}

const inbox = (user: TestUser, query = '') => request(api.url).get(`/api/v1/me/notifications${query}`).set(bearer(user));
const markRead = (user: TestUser, id: string) =>
  request(api.url).post(`/api/v1/me/notifications/${encodeURIComponent(id)}/read`).set(bearer(user)).send({});

describe('GET /api/v1/me/notifications', () => {
  it('when a user has seven notifications, then pages of three walk them newest first, each once, with the unread total', async () => {
    const user = await aVolunteer(api);
    const ids = await deliverMany(user, 7);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: request.Response = await inbox(user, `?limit=3${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
      expect(res.body.unreadCount).toBe(7);
      expect(res.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...res.body.items.map((n: NotificationView) => n.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
  });

  it('when the user has none, then an empty page with no cursor and zero unread', async () => {
    const res = await inbox(await aVolunteer(api)).expect(200);
    expect(res.body).toEqual({ items: [], nextCursor: null, unreadCount: 0 });
  });

  it('when the cursor is tampered with or the limit is out of range, then 400 VALIDATION_FAILED', async () => {
    const user = await aVolunteer(api);
    expect((await inbox(user, `?cursor=${Buffer.from('000000000000001|x:y').toString('base64url')}x`)).body.code).toBe('VALIDATION_FAILED');
    expect((await inbox(user, '?cursor=bm90LWEtY3Vyc29y')).status).toBe(400);
    expect((await inbox(user, '?limit=0')).status).toBe(400);
    expect((await inbox(user, '?limit=101')).status).toBe(400);
    expect((await inbox(user, '?other=1')).status).toBe(400);
  });

  it('when signed out, then 401', async () => {
    expect((await request(api.url).get('/api/v1/me/notifications')).status).toBe(401);
  });

  it('when a notification is delivered, then the user’s socket hears notification:created with the stored view', async () => {
    const user = await aVolunteer(api);
    const socket = await connectSocket(api.url, user.token);
    try {
      const notice = aNotification();
      const heard = nextEvent(socket, 'notification:created', (e) => e.id === notice.id);
      expect(await api.runtime.modules.notifications.service.deliver(user.id, notice)).toBe('delivered');
      expect(await heard).toMatchObject({ id: notice.id, kind: 'shift-reminder', title: notice.title, readAt: null });
      expect(await api.runtime.modules.notifications.service.deliver(user.id, notice)).toBe('duplicate');
    } finally {
      socket.close();
    }
  });
});

describe('POST /api/v1/me/notifications/:id/read and /read-all', () => {
  it('when one is marked read, then it carries readAt, the unread total drops, and marking again changes nothing', async () => {
    const user = await aVolunteer(api);
    const [first, second] = await deliverMany(user, 2);
    const read = await markRead(user, first!).expect(200);
    expect(read.body).toMatchObject({ id: first, readAt: expect.any(String) });
    const again = await markRead(user, first!).expect(200);
    expect(again.body.readAt).toBe(read.body.readAt);
    const page = await inbox(user).expect(200);
    expect(page.body.unreadCount).toBe(1);
    expect(page.body.items.find((n: NotificationView) => n.id === second).readAt).toBeNull();
  });

  it('when read-all is called, then the unread total is zero and every item is read', async () => {
    const user = await aVolunteer(api);
    await deliverMany(user, 4);
    const res = await request(api.url).post('/api/v1/me/notifications/read-all').set(bearer(user)).send({}).expect(200);
    expect(res.body).toEqual({ unreadCount: 0 });
    const page = await inbox(user).expect(200);
    expect(page.body.items.every((n: NotificationView) => n.readAt !== null)).toBe(true);
  });

  it('when another user tries to read or mark someone’s notifications, then 404 and the owner’s inbox is untouched', async () => {
    const owner = await aVolunteer(api);
    const other = await aUser(api, ['city_admin']);
    const [id] = await deliverMany(owner, 1);
    const res = await markRead(other, id!);
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('NOT_FOUND');
    await request(api.url).post('/api/v1/me/notifications/read-all').set(bearer(other)).send({}).expect(200);
    expect((await inbox(other)).body.items).toEqual([]);
    const page = await inbox(owner).expect(200);
    expect(page.body).toMatchObject({ unreadCount: 1, items: [{ id, readAt: null }] });
  });

  it('when the id is malformed or unknown, then 400 and 404', async () => {
    const user = await aVolunteer(api);
    expect((await markRead(user, 'no colon here')).status).toBe(400);
    expect((await markRead(user, 'reminder:does-not-exist')).status).toBe(404);
  });
});
