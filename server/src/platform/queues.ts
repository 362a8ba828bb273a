import { Queue, UnrecoverableError, Worker, type Job, type JobsOptions, type Processor, type WorkerOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { runWithContext } from './context';
import type { Logger } from './logger';
import { withDeadline } from './deadline';

export type { Job, JobsOptions };

export interface QueueFactoryOptions {
  /** Shared producer connection (no offline queue: enqueueing fails fast when Redis is down). */
  producer: Redis;
  /** Factory of worker connections: `createRedis(url, 'worker')` (eager, `maxRetriesPerRequest: null`). */
  consumer: () => Redis;
  /** BullMQ key prefix; tests give each file its own. */
  prefix: string;
  logger: Logger;
  /** Job lock and stalled-job check period, ms (BullMQ `lockDuration`, `stalledInterval`). Default 30,000. */
  lockDurationMs?: number;
  /** A job still running after this long fails (and is retried): see `JobTimeoutError`. Default 300,000. */
  jobTimeoutMs?: number;
}

export interface QueueWorkerOptions extends Partial<WorkerOptions> {
  /** Overrides the factory's job timeout for a queue whose jobs are long by nature (roll-ups). */
  jobTimeoutMs?: number;
}

/**
 * A job that neither finished nor failed in time. BullMQ keeps renewing the lock of a hung job, so
 * without a deadline one bad job would hold a worker slot for ever; with it, the job fails, is
 * retried with backoff and after its last attempt rests in the failed set. The processor receives
 * an aborted signal and may stop early; one that ignores it runs on, which is safe because every job
 * here is idempotent (deterministic ids, insert-once effects).
 */
export class JobTimeoutError extends Error {
  constructor(queue: string, jobId: string | undefined, timeoutMs: number) {
    super(`job ${queue}:${jobId ?? '?'} still running after ${timeoutMs} ms`);
    this.name = 'JobTimeoutError';
  }
}

/** The last attempt failed, or the error said no attempt could succeed: the job stays in the failed set. */
function isQuarantined(job: Job, error: Error): boolean {
  return error instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
}

/** Bounded history: enough to debug, never an unbounded Redis. */
const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: { count: 1000, age: 86_400 },
  removeOnFail: { count: 5000, age: 7 * 86_400 },
};

/** The one place queues and workers are created, with the shared connection settings and prefix. */
export class QueueFactory {
  private readonly queues = new Map<string, Queue>();
  private readonly workers: Worker[] = [];
  private readonly workerConnections: Redis[] = [];

  constructor(private readonly options: QueueFactoryOptions) {}

  queue<T>(name: string): Queue<T> {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, {
        connection: this.options.producer,
        prefix: this.options.prefix,
        defaultJobOptions: DEFAULT_JOB_OPTIONS,
      });
      queue.on('error', (err) => this.options.logger.warn({ err, queue: name }, 'queue error'));
      this.queues.set(name, queue);
      this.forgetIfStartFails(name, queue);
    }
    return queue as Queue<T>;
  }

  /**
   * BullMQ keeps a queue's failed connection start for good (a queue created the moment Redis drops
   * refuses every `add` until the process ends), so a queue whose start failed is dropped and the
   * next `queue(name)` builds a new one. Callers ask the factory for the queue on every use.
   */
  private forgetIfStartFails(name: string, queue: Queue): void {
    queue.waitUntilReady().catch((err: unknown) => {
      if (this.queues.get(name) !== queue) return;
      this.queues.delete(name);
      this.options.logger.warn({ err, queue: name }, 'queue could not start; the next use builds it again');
      queue.close().catch(() => undefined);
    });
  }

  worker<T>(name: string, processor: Processor<T>, { jobTimeoutMs, ...options }: QueueWorkerOptions = {}): Worker<T> {
    const connection = this.options.consumer();
    this.workerConnections.push(connection);
    const log = this.options.logger.child({ queue: name });
    const timeoutMs = jobTimeoutMs ?? this.options.jobTimeoutMs ?? 300_000;
    const traced: Processor<T> = (job, token, signal) =>
      runWithContext({ jobId: `${name}:${job.id}` }, () =>
        withDeadline(timeoutMs, () => new JobTimeoutError(name, job.id, timeoutMs), (bounded) => processor(job, token, bounded), signal));
    const worker = new Worker<T>(name, traced, {
      connection,
      prefix: this.options.prefix,
      concurrency: 4,
      lockDuration: this.options.lockDurationMs ?? 30_000,
      stalledInterval: this.options.lockDurationMs ?? 30_000,
      ...options,
    });
    worker.on('failed', (job, err) => {
      if (job && isQuarantined(job, err)) {
        // Visible and retryable by city admins in Bull Board (/admin/queues); kept per removeOnFail.
        log.error({ jobId: job.id, attemptsMade: job.attemptsMade, err }, 'job failed for good: kept in the failed set');
      } else {
        log.warn({ jobId: job?.id, attemptsMade: job?.attemptsMade, err }, 'job failed, will be retried');
      }
    });
    worker.on('error', (err) => log.error({ err }, 'worker error'));
    this.workers.push(worker as Worker);
    return worker;
  }

  /** Workers first (active jobs finish, nothing new is taken), then queues and their connections. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    await Promise.all(this.workerConnections.map((c) => c.quit().catch(() => c.disconnect())));
  }
}
