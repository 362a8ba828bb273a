import { randomUUID } from 'node:crypto';
import { startTestApi, type TestApi } from '../helpers/test-api';
import { eventually } from '../helpers/eventually';
import { JobSchedulers } from '../../server/src/platform/job-schedulers';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

describe('job schedulers', () => {
  it('when the app starts its workers, then the clean-up tasks are registered as job schedulers', async () => {
    const schedulers = await api.runtime.infra.queues.queue('maintenance').getJobSchedulers();
    expect(schedulers.map((s) => s.key).sort()).toEqual(['end-overdue-campaigns', 'poll-open-refunds', 'purge-expired-sessions', 'purge-expired-stats-exports', 'purge-orphaned-notices', 'repair-shift-reminders', 'stats-gap-alerts']);
    expect(schedulers.every((s) => s.tz === 'Asia/Shanghai' && typeof s.pattern === 'string')).toBe(true);
  });

  it('when a task is registered, then it runs repeatedly; a task no longer registered is removed at the next start', async () => {
    let runs = 0;
    const registry = new JobSchedulers(api.runtime.infra.queues).add({ id: 'every-200ms', repeat: { every: 200 }, run: async () => ++runs });
    await registry.start();
    await eventually(() => expect(runs).toBeGreaterThanOrEqual(2), 10_000, 50);
    // The app's own set, started again, no longer knows the test task: its scheduler goes.
    await new JobSchedulers(api.runtime.infra.queues)
      .add({ id: 'purge-expired-sessions', repeat: { pattern: '0 15 3 * * *' }, run: async () => 0 })
      .add({ id: 'purge-orphaned-notices', repeat: { pattern: '0 20 3 * * *' }, run: async () => 0 })
      .start();
    const keys = (await api.runtime.infra.queues.queue('maintenance').getJobSchedulers()).map((s) => s.key);
    expect(keys).not.toContain('every-200ms');
    expect(() => registry.add({ id: 'every-200ms', repeat: { every: 1000 }, run: async () => 0 })).toThrow('registered twice');
  });

  it('when sessions have expired, then the purge deletes them and keeps live ones', async () => {
    const tokens = api.runtime.infra.connection.collection<{ _id: string }>('refresh_tokens');
    const now = new Date();
    const expired = { _id: `expired-${randomUUID()}`, userId: 'u', familyId: 'f1', expiresAt: new Date(now.getTime() - 1000), createdAt: now };
    const live = { _id: `live-${randomUUID()}`, userId: 'u', familyId: 'f2', expiresAt: new Date(now.getTime() + 86_400_000), createdAt: now };
    await tokens.insertMany([expired, live]);
    const purged = await api.runtime.modules.auth.purgeExpired(now);
    expect(purged.tokens).toBeGreaterThanOrEqual(1);
    expect(await tokens.countDocuments({ _id: expired._id })).toBe(0);
    expect(await tokens.countDocuments({ _id: live._id })).toBe(1);
  });
});
