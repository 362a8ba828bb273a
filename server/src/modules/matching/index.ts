import path from 'node:path';
import type { RequestHandler } from 'express';
import { Router } from 'express';
import type { EnrollmentsModule, EnrollmentsService, Inbox } from '../enrollments';
import { QUEUE_NAMES, type InvitationWaveJob } from '../queues.registry';
import { invitationsRouter } from './invitations/invitations.routes';
import { InvitationsService } from './invitations/invitations.service';
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
  /** Accepting an invitation signs up through it (resolved at request time). */
  enrollmentsService: () => EnrollmentsService;
  inbox: Inbox;
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
  const shifts = needsShiftPorts(modules.needs.service);
  const service = new MatchingService(engine, {
    ...shifts,
    maskedNames: (ids) => modules.volunteers.service.maskedNamesOf(ids),
    invitedTo: async (shiftId) => new Set(await deps.redis.smembers(invitedKey(shiftId))),
  }, {
    needRadiusKm: config.MATCHING_NEED_RADIUS_KM,
    weeklyCapMinutes: Math.round(config.MATCHING_WEEKLY_CAP_HOURS * 60),
  });
  const waveQueue = () => deps.queues.queue<InvitationWaveJob>(QUEUE_NAMES.invitationWaves);
  const invitations = new InvitationsService(
    deps.connection, deps.redis, service, engine, shifts.openShift, modules.enrollmentsService, modules.inbox, deps.notifier,
    async (job, delay) => {
      await waveQueue().add('invitation-wave', job, { jobId: `wave_${job.shiftId}_${job.wave}`, delay });
    },
    { waveSize: config.INVITATION_WAVE_SIZE, waveDelayMs: config.INVITATION_WAVE_DELAY_MS, needRadiusKm: config.MATCHING_NEED_RADIUS_KM, redisPrefix: config.REDIS_PREFIX },
  );
  return {
    service,
    engine,
    invitations,
    router: Router().use(matchingRouter(service, authenticate), invitationsRouter(invitations, authenticate)),
    startWorkers: () => {
      deps.queues.worker<InvitationWaveJob>(QUEUE_NAMES.invitationWaves, (job) => invitations.continueWaves(job.data.needId, job.data.shiftId, job.data.wave));
    },
    /** Starts loading the index now rather than at the first query (the API process). */
    warmUp: () => {
      engine.ready().catch((error: unknown) => logger.error({ err: error }, 'matching index failed to load'));
    },
    close: () => engine.close(),
  };
}

export type MatchingModule = ReturnType<typeof createMatchingModule>;
