import path from 'node:path';
import type { RequestHandler } from 'express';
import type { EnrollmentsModule } from '../enrollments';
import type { ModuleDeps } from '../module-deps';
import type { NeedsModule } from '../needs';
import type { VolunteersModule } from '../volunteers';
import { reliabilityByte } from './index/entries';
import { IndexSync } from './index/index-sync';
import { MatchingEngine } from './matching.engine';
import { needsShiftPorts } from './matching.ports';
import { matchingRouter } from './matching.routes';
import { MatchingService } from './matching.service';

export type { MatchableShift, MatchingService, RankedCandidate } from './matching.service';

export interface MatchingModuleDeps {
  volunteers: Pick<VolunteersModule, 'service'>;
  enrollments: Pick<EnrollmentsModule, 'matchingFeed'>;
  needs: Pick<NeedsModule, 'service'>;
}

/**
 * Matching: the in-memory volunteer index (kept live from the volunteers' and enrollments' ports and
 * across replicas over Redis), candidates for a shift and recommendations for a volunteer.
 * The index loads on first use, or at start-up when the API calls `warmUp`.
 */
export function createMatchingModule(deps: ModuleDeps, modules: MatchingModuleDeps, authenticate: RequestHandler) {
  const { config, logger } = deps;
  const feed = modules.enrollments.matchingFeed;
  const engine = new MatchingEngine(
    {
      profiles: (since) => modules.volunteers.service.streamMatchFacts(since),
      enrollmentsFrom: (from) => feed.startingFrom(from),
      reliabilityFacts: () => feed.reliabilityFacts(),
    },
    new IndexSync(deps.redis, `${config.REDIS_PREFIX}:matching:index`, logger.child({ module: 'matching' })),
    {
      ...(config.MATCHING_SNAPSHOT_DIR ? { snapshotFile: path.resolve(config.MATCHING_SNAPSHOT_DIR, `${config.MONGODB_DB}.snapshot`) } : {}),
      snapshotMaxAgeS: config.MATCHING_SNAPSHOT_MAX_AGE_S,
      snapshotMinVolunteers: config.MATCHING_SNAPSHOT_MIN_VOLUNTEERS,
      logger: logger.child({ module: 'matching' }),
    },
  );
  modules.volunteers.service.onMatchFactsChanged((facts) => engine.record({ t: 'facts', facts }));
  feed.observe({
    enrollmentChanged: (change) => engine.record({ t: 'enrollment', change }),
    reliabilityRecorded: async ({ userId }) => {
      const counts = await feed.reliabilityOf(userId);
      const reliability = reliabilityByte({ completed: counts.completed, noShows: counts.no_show, lateCancellations: counts.late_cancellation });
      await engine.record({ t: 'reliability', userId, reliability });
    },
  });
  const invitedKey = (shiftId: string) => `${config.REDIS_PREFIX}:matching:invited:${shiftId}`;
  const service = new MatchingService(engine, {
    ...needsShiftPorts(modules.needs.service),
    maskedNames: (ids) => modules.volunteers.service.maskedNamesOf(ids),
    invitedTo: async (shiftId) => new Set(await deps.redis.smembers(invitedKey(shiftId))),
  }, {
    needRadiusKm: config.MATCHING_NEED_RADIUS_KM,
    weeklyCapMinutes: Math.round(config.MATCHING_WEEKLY_CAP_HOURS * 60),
  });
  return {
    service,
    engine,
    router: matchingRouter(service, authenticate),
    /** Starts loading the index now rather than at the first query (the API process). */
    warmUp: () => {
      engine.ready().catch((error: unknown) => logger.error({ err: error }, 'matching index failed to load'));
    },
    close: () => engine.close(),
  };
}

export type MatchingModule = ReturnType<typeof createMatchingModule>;
