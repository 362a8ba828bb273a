import type { Logger } from '../../../platform/logger';
import type { Redis } from '../../../platform/redis';
import { ReplicaChannel } from '../../../platform/replica-channel';
import { reviveChange, type IndexChange } from './live-index';

/**
 * Index changes fanned out to every replica. A replica that was disconnected catches up from the
 * store by `updatedAt` at its next start (profiles), and schedules are rebuilt at start-up.
 */
export class IndexSync extends ReplicaChannel<IndexChange> {
  constructor(publisher: Redis, channel: string, logger: Logger) {
    super(publisher, channel, logger, reviveChange);
  }
}
