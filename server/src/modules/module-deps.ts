import type { Config } from '../config/config';
import type { Connection } from '../platform/db';
import type { Logger } from '../platform/logger';
import type { Notifier } from '../platform/notifier';
import type { QueueFactory } from '../platform/queues';
import type { RateLimits } from '../platform/rate-limits';
import type { Redis } from '../platform/redis';
import type { AuditTrail } from './audit/audit.port';
import type { DomainEventBus } from './domain-events';

/** What every module factory receives: infrastructure only, never another module's internals. */
export interface ModuleDeps {
  config: Config;
  connection: Connection;
  /** Shared producer connection; keys must start with `config.REDIS_PREFIX`. */
  redis: Redis;
  queues: QueueFactory;
  /** Redis-backed request limits shared by every module of the process. */
  rateLimits: RateLimits;
  notifier: Notifier;
  logger: Logger;
  /** The audit trail: record unmasked views and changes to hours, money, campaigns, organizations. */
  audit: AuditTrail;
  /** Facts modules announce after their writes (see domain-events.ts); read models subscribe. */
  events: DomainEventBus;
}
