// `npm run bench:reminders`: the city-scale reminder design chosen by measurement. Compares the due-time
// index (one sorted set of compact reminder ids, drained by a BullMQ job scheduler that fans out with
// addBulk) with a plain delayed BullMQ job per reminder, in the same run on a Redis of its own (so
// `used_memory` deltas are this bench's alone): Redis bytes per scheduled reminder, scheduling rate,
// and lateness when 10,000 reminders fall due at the same moment. The last line is one JSON object.
import { randomBytes } from 'node:crypto';
import { createLogger } from '../../server/src/platform/logger';
import { DueIndex } from '../../server/src/platform/due-index';
import { QueueFactory } from '../../server/src/platform/queues';
import { connectRedis, createRedis, type Redis } from '../../server/src/platform/redis';

const SCHEDULED = Number(process.env.BENCH_SCHEDULED ?? 200_000);
const DUE_AT_ONCE = Number(process.env.BENCH_DUE_AT_ONCE ?? 10_000);
const PREFIX = 'bench:reminders';
const WEEK = 7 * 86_400_000;

/** A realistic reminder id: `<shiftId>:<userId>|<kind>`, two ObjectIds as in the product. */
const objectIdHex = () => randomBytes(12).toString('hex');
const aMember = () => `${objectIdHex()}:${objectIdHex()}|24h`;

async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)![1]);
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Counts every delivery per id; lateness is taken at a member's first delivery. */
class Tally {
  readonly seen = new Map<string, number>();
  readonly lateness: number[] = [];
  record(id: string, dueMs: number): void {
    const n = (this.seen.get(id) ?? 0) + 1;
    this.seen.set(id, n);
    if (n === 1) this.lateness.push(Date.now() - dueMs);
  }
  summary(expected: string[]) {
    const lost = expected.filter((id) => !this.seen.has(id)).length;
    const duplicates = [...this.seen.values()].reduce((sum, n) => sum + n - 1, 0);
    const sorted = [...this.lateness].sort((a, b) => a - b);
    return { lost, duplicates, p50: Math.round(percentile(sorted, 50)), p99: Math.round(percentile(sorted, 99)), max: sorted.at(-1) ?? NaN };
  }
}

async function until(done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
}

async function scheduleIndex(redis: Redis, index: DueIndex) {
  const entries: Array<[string, number]> = Array.from({ length: SCHEDULED }, (_, i) => [aMember(), Date.now() + WEEK + i]);
  const before = await usedMemory(redis);
  const startedAt = performance.now();
  await index.putMany(entries);
  const seconds = (performance.now() - startedAt) / 1000;
  const bytes = (await usedMemory(redis)) - before;
  return { schedulePerSec: Math.round(SCHEDULED / seconds), bytesPerJob: Math.round(bytes / SCHEDULED) };
}

async function scheduleBaseline(redis: Redis, queues: QueueFactory) {
  const queue = queues.queue<{ enrollmentId: string; kind: string }>('baseline-far');
  const before = await usedMemory(redis);
  const startedAt = performance.now();
  for (let i = 0; i < SCHEDULED; i += 1000) {
    await queue.addBulk(Array.from({ length: Math.min(1000, SCHEDULED - i) }, () => {
      const enrollmentId = `${objectIdHex()}:${objectIdHex()}`;
      return { name: 'shift-reminder', data: { enrollmentId, kind: '24h' }, opts: { jobId: `reminder_${enrollmentId.replace(':', '_')}_24h`, delay: WEEK } };
    }));
  }
  const seconds = (performance.now() - startedAt) / 1000;
  const bytes = (await usedMemory(redis)) - before;
  return { schedulePerSec: Math.round(SCHEDULED / seconds), bytesPerJob: Math.round(bytes / SCHEDULED) };
}

/** 10,000 index members due at one instant; the drain scheduler and one delivery worker per process. */
async function dueAtOnceIndex(index: DueIndex) {
  const tally = new Tally();
  index.deliveryWorker(async (member, dueMs) => tally.record(member, dueMs), { concurrency: 8, perJob: 50 });
  await index.startDrain();
  const dueMs = Date.now() + 3000;
  const members = Array.from({ length: DUE_AT_ONCE }, aMember);
  await index.putMany(members.map((m) => [m, dueMs]));
  await until(() => tally.seen.size >= DUE_AT_ONCE, 60_000);
  await new Promise((resolve) => setTimeout(resolve, 1000)); // room for a duplicate to show up
  return tally.summary(members);
}

/** The same 10,000 as delayed jobs, one worker at concurrency 100 (the figure the issue quotes). */
async function dueAtOnceBaseline(queues: QueueFactory) {
  const tally = new Tally();
  const queue = queues.queue<{ id: string; dueMs: number }>('baseline-due');
  queues.worker<{ id: string; dueMs: number }>('baseline-due', async (job) => tally.record(job.data.id, job.data.dueMs), { concurrency: 100 });
  const dueMs = Date.now() + 5000;
  const ids = Array.from({ length: DUE_AT_ONCE }, aMember);
  for (let i = 0; i < ids.length; i += 1000) {
    await queue.addBulk(ids.slice(i, i + 1000).map((id) => ({
      name: 'shift-reminder', data: { id, dueMs }, opts: { jobId: id.replace(/[:|]/g, '_'), delay: dueMs - Date.now() },
    })));
  }
  await until(() => tally.seen.size >= DUE_AT_ONCE, 60_000);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  return tally.summary(ids);
}

async function main(): Promise<void> {
  const { startRedis } = await import('../lib/services-lib.mjs');
  const server = await startRedis();
  console.error(`[bench] redis-server of its own on ${server.url}`);
  const redis = await connectRedis(server.url, 'producer');
  const logger = createLogger('warn');
  const queues = new QueueFactory({ producer: redis, consumer: () => createRedis(server.url, 'worker'), prefix: `${PREFIX}:bull`, logger });
  const index = new DueIndex({
    redis, queues, key: `${PREFIX}:reminders:due`, drainQueue: 'reminders-drain', deliveryQueue: 'reminders-due',
  });
  try {
    const indexScheduling = await scheduleIndex(redis, index);
    console.error(`[bench] index: ${SCHEDULED} scheduled at ${indexScheduling.schedulePerSec}/s, ${indexScheduling.bytesPerJob} B each`);
    const baselineScheduling = await scheduleBaseline(redis, queues);
    console.error(`[bench] delayed jobs: ${SCHEDULED} scheduled at ${baselineScheduling.schedulePerSec}/s, ${baselineScheduling.bytesPerJob} B each`);
    const indexDue = await dueAtOnceIndex(index);
    console.error(`[bench] index, ${DUE_AT_ONCE} due at once: ${JSON.stringify(indexDue)}`);
    const baselineDue = await dueAtOnceBaseline(queues);
    console.error(`[bench] delayed jobs, ${DUE_AT_ONCE} due at once: ${JSON.stringify(baselineDue)}`);
    const stillScheduled = await index.size();
    const figures = {
      design: 'due-time index (one sorted set; drain every 500 ms reads 2 s ahead into delayed addBulk batches of <= 100)',
      scheduled: SCHEDULED,
      schedulePerSec: indexScheduling.schedulePerSec,
      redisBytesPerJob: indexScheduling.bytesPerJob,
      dueAtOnce: DUE_AT_ONCE,
      latenessP50Ms: indexDue.p50,
      latenessP99Ms: indexDue.p99,
      latenessMaxMs: indexDue.max,
      lost: indexDue.lost + (SCHEDULED - stillScheduled),
      duplicates: indexDue.duplicates,
      baselineSchedulePerSec: baselineScheduling.schedulePerSec,
      baselineBytesPerJob: baselineScheduling.bytesPerJob,
      baselineLatenessP50Ms: baselineDue.p50,
      baselineLatenessP99Ms: baselineDue.p99,
      baselineLost: baselineDue.lost,
      baselineDuplicates: baselineDue.duplicates,
      bytesRatio: Number((indexScheduling.bytesPerJob / baselineScheduling.bytesPerJob).toFixed(3)),
      latenessP99Ratio: Number((indexDue.p99 / baselineDue.p99).toFixed(3)),
    };
    console.log(JSON.stringify(figures));
  } finally {
    await queues.close();
    await redis.quit().catch(() => redis.disconnect());
    await server.stop();
  }
}

main().then(() => process.exit(0), (error: unknown) => {
  console.error(error);
  process.exit(1);
});
