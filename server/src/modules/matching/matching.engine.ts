import path from 'node:path';
import type { Logger } from '../../platform/logger';
import { buildFromStore, type IndexSources } from './index/index-loader';
import type { IndexSync } from './index/index-sync';
import { LiveIndex, type IndexChange } from './index/live-index';
import type { Ranked } from './index/top-k';
import type { PreparedQuery } from './index/scoring';
import type { QueryContext } from './index/match-index';
import { readSnapshot, writeSnapshot } from './index/snapshot';

export interface EngineOptions {
  /** Snapshot file; undefined disables snapshots. */
  snapshotFile?: string;
  snapshotMaxAgeS: number;
  snapshotMinVolunteers: number;
  logger: Logger;
  now?: () => number;
}

/** How the index came to be, for logs, metrics and the benchmark. */
export interface EngineStats {
  volunteers: number;
  bytesPerVolunteer: number;
  source: 'snapshot' | 'store';
  loadSeconds: number;
}

/**
 * The matching index of this process: loaded once (a fresh snapshot, else built from the store),
 * then kept live by local writes and by the changes other replicas publish. Changes that arrive
 * while it loads are held and applied after, so none is lost to the build.
 */
export class MatchingEngine {
  private live: LiveIndex | undefined;
  private loading: Promise<LiveIndex> | undefined;
  private held: IndexChange[] = [];
  private loadedStats: EngineStats | undefined;
  private readonly now: () => number;

  constructor(
    private readonly sources: IndexSources,
    private readonly sync: IndexSync,
    private readonly options: EngineOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** Starts listening to other replicas and loading the index (once); resolves when it can answer. */
  ready(): Promise<LiveIndex> {
    this.loading ??= (async () => {
      await this.sync.start((change) => this.applyLocally(change));
      const live = await this.load();
      for (const change of this.held) live.apply(change);
      this.held = [];
      this.live = live;
      return live;
    })();
    return this.loading;
  }

  get isReady(): boolean {
    return this.live !== undefined;
  }

  stats(): EngineStats | undefined {
    return this.loadedStats && this.live
      ? { ...this.loadedStats, volunteers: this.live.index.size, bytesPerVolunteer: this.live.index.bytesPerVolunteer() } : this.loadedStats;
  }

  /** Applies a change here and publishes it to the other replicas. */
  async record(change: IndexChange): Promise<void> {
    this.applyLocally(change);
    await this.sync.publish(change);
  }

  async search(q: PreparedQuery, context: QueryContext): Promise<Ranked[]> {
    const live = await this.ready();
    live.rollWeek();
    return live.index.search(q, context);
  }

  async close(): Promise<void> {
    await this.sync.close();
  }

  private applyLocally(change: IndexChange): void {
    if (this.live) this.live.apply(change);
    else if (this.loading) this.held.push(change);
    // Not loading at all (a script's runtime): nothing to keep current here.
  }

  private async load(): Promise<LiveIndex> {
    const started = this.now();
    const { snapshotFile, logger } = this.options;
    const snapshot = snapshotFile ? await readSnapshot(snapshotFile) : null;
    if (snapshot && started - snapshot.header.takenAt <= this.options.snapshotMaxAgeS * 1000) {
      const live = new LiveIndex(snapshot.index, snapshot.header.weekStart, this.now);
      this.loadedStats = { volunteers: snapshot.index.size, bytesPerVolunteer: snapshot.index.bytesPerVolunteer(), source: 'snapshot', loadSeconds: (this.now() - started) / 1000 };
      logger.info({ ...this.loadedStats, file: path.basename(snapshotFile!) }, 'matching index loaded from snapshot');
      void this.catchUp(live, new Date(snapshot.header.profilesUpdatedAt));
      return live;
    }
    const built = await buildFromStore(this.sources, started);
    const live = new LiveIndex(built.index, built.weekStart, this.now);
    this.loadedStats = { volunteers: built.index.size, bytesPerVolunteer: built.index.bytesPerVolunteer(), source: 'store', loadSeconds: (this.now() - started) / 1000 };
    logger.info(this.loadedStats, 'matching index built from the store');
    if (snapshotFile && built.index.size >= this.options.snapshotMinVolunteers) {
      writeSnapshot(snapshotFile, built.index, { profilesUpdatedAt: built.profilesUpdatedAt, weekStart: built.weekStart })
        .then((bytes) => logger.info({ bytes }, 'matching index snapshot written'))
        .catch((error: unknown) => logger.warn({ err: error }, 'matching index snapshot not written'));
    }
    return live;
  }

  /** After a snapshot: profiles changed since it was taken, and this week's sign-ups, from the store (in the background). */
  private async catchUp(live: LiveIndex, since: Date): Promise<void> {
    const started = this.now();
    try {
      let profiles = 0;
      for await (const facts of this.sources.profiles(since)) {
        live.apply({ t: 'facts', facts });
        profiles++;
      }
      for await (const change of this.sources.enrollmentsFrom(new Date(live.currentWeekStart))) live.apply({ t: 'enrollment', change });
      this.options.logger.info({ profiles, seconds: (this.now() - started) / 1000 }, 'matching index caught up with the store');
    } catch (error) {
      this.options.logger.warn({ err: error }, 'matching index catch-up failed');
    }
  }
}
