import { Queue, Worker, type Job, type JobsOptions, type Processor, type WorkerOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { runWithContext } from './context';
import type { Logger } from './logger';

export type { Job, JobsOptions };

export interface QueueFactoryOptions {
  /** Shared producer connection (no offline queue: enqueueing fails fast when Redis is down). */
  producer: Redis;
  /** Factory of blocking connections for workers (`maxRetriesPerRequest: null`). */
  consumer: () => Redis;
  /** BullMQ key prefix; tests give each file its own. */
  prefix: string;
  logger: Logger;
  /** Job lock and stalled-job check period, ms (BullMQ `lockDuration`, `stalledInterval`). Default 30,000. */
  lockDurationMs?: number;
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
    }
    return queue as Queue<T>;
  }

  worker<T>(name: string, processor: Processor<T>, options: Partial<WorkerOptions> = {}): Worker<T> {
    const connection = this.options.consumer();
    this.workerConnections.push(connection);
    const log = this.options.logger.child({ queue: name });
    const traced: Processor<T> = (job, token, signal) =>
      runWithContext({ jobId: `${name}:${job.id}` }, () => processor(job, token, signal));
    const worker = new Worker<T>(name, traced, {
      connection,
      prefix: this.options.prefix,
      concurrency: 4,
      lockDuration: this.options.lockDurationMs ?? 30_000,
      stalledInterval: this.options.lockDurationMs ?? 30_000,
      ...options,
    });
    worker.on('failed', (job, err) => log.warn({ jobId: job?.id, attemptsMade: job?.attemptsMade, err }, 'job failed'));
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
