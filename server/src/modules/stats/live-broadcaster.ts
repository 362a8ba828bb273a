import { rooms } from '@tongxin/shared';
import type { Logger } from '../../platform/logger';
import type { Notifier } from '../../platform/notifier';
import type { LiveStatsCounters } from './live-counters';

/** At most one `stats:live` per area room in this interval; milliseconds. */
export const DEFAULT_LIVE_INTERVAL_MS = 1000;

/**
 * Coalesces counter changes into at most one `stats:live` per area and interval: areas touched
 * since the last tick are read back from Redis (so every replica sends the shared totals, never a
 * local guess) and pushed to their rooms. Per process; `seq` is the read time, so clients keep the newest.
 */
export class LiveStatsBroadcaster {
  private readonly dirty = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly counters: LiveStatsCounters,
    private readonly notifier: Notifier,
    private readonly logger: Logger,
    private readonly intervalMs = DEFAULT_LIVE_INTERVAL_MS,
  ) {}

  touched(areas: string[]): void {
    for (const area of areas) this.dirty.add(area);
    this.timer ??= setTimeout(() => void this.flush(), this.intervalMs).unref();
  }

  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.dirty.clear();
  }

  private async flush(): Promise<void> {
    this.timer = undefined;
    const areas = [...this.dirty];
    this.dirty.clear();
    const date = this.counters.today();
    await Promise.all(areas.map(async (areaCode) => {
      try {
        const counters = await this.counters.read(areaCode, date);
        this.notifier.emit(rooms.statsLive(areaCode), 'stats:live', { areaCode, date, counters, seq: Date.now() });
      } catch (err) {
        this.logger.warn({ err, areaCode }, 'could not push live statistics');
      }
    }));
  }
}
