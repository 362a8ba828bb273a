import type { QueueFactory } from './queues';

/** Every `every` ms, or on a cron `pattern` (6 fields, seconds first) in time zone `tz`. */
export type Repeat = { every: number } | { pattern: string; tz?: string };

export interface ScheduledTask {
  /** Unique name: the BullMQ job-scheduler id and the job name. */
  id: string;
  repeat: Repeat;
  /** Idempotent: a run may be repeated after a crash. Ids and counts in its return value, no personal data. */
  run(): Promise<unknown>;
}

const QUEUE = 'maintenance';

/**
 * The registry of repeatable work (BullMQ job schedulers): modules add tasks, the worker process
 * starts them. Upserting a scheduler is idempotent, so every replica registers the same set and
 * BullMQ runs each iteration once; a task dropped from the code is removed from Redis at start.
 */
export class JobSchedulers {
  private readonly tasks = new Map<string, ScheduledTask>();

  constructor(private readonly queues: QueueFactory) {}

  add(task: ScheduledTask): this {
    if (this.tasks.has(task.id)) throw new Error(`job scheduler ${task.id} is registered twice`);
    this.tasks.set(task.id, task);
    return this;
  }

  ids(): string[] {
    return [...this.tasks.keys()];
  }

  /** Registers every task with Redis, forgets stale ones, and starts one worker (concurrency 1) for them. */
  async start(): Promise<void> {
    const queue = this.queues.queue(QUEUE);
    for (const scheduler of await queue.getJobSchedulers()) {
      if (scheduler.key && !this.tasks.has(scheduler.key)) await queue.removeJobScheduler(scheduler.key);
    }
    for (const task of this.tasks.values()) {
      const repeat = 'every' in task.repeat ? { every: task.repeat.every } : { pattern: task.repeat.pattern, tz: task.repeat.tz ?? 'Asia/Shanghai' };
      await queue.upsertJobScheduler(task.id, repeat, { name: task.id, opts: { removeOnComplete: 100, removeOnFail: 500, attempts: 3 } });
    }
    this.queues.worker(QUEUE, async (job) => {
      const task = this.tasks.get(job.name);
      if (!task) return 'unknown-task';
      return task.run();
    }, { concurrency: 1 });
  }
}
