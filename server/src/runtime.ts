import http from 'node:http';
import type { Express } from 'express';
import { listCampaignsQuerySchema, listNeedsQuerySchema } from '@tongxin/shared';
import type { Config } from './config/config';
import { createApp } from './app';
import { attachRealtime, type SocketData } from './realtime';
import { connectStore, ensureIndexes, pingStore, type Connection } from './platform/db';
import { createLogger, type Logger } from './platform/logger';
import { createMetrics } from './platform/metrics';
import type { Notifier } from './platform/notifier';
import { QueueFactory } from './platform/queues';
import { RateLimits } from './platform/rate-limits';
import { createIoServer, ioNotifier, redisNotifier, type IoServer } from './platform/realtime';
import { connectRedis, createRedis, pingRedis, type Redis } from './platform/redis';
import { auditRouter, createAuditTrail, type AuditService } from './modules/audit';
import { createAuthModule } from './modules/auth';
import { DomainEventBus } from './modules/domain-events';
import { createCampaignsModule } from './modules/campaigns';
import { createDonationsModule } from './modules/donations';
import { createOrganizationsModule, createVolunteerUnitsModule } from './modules/organizations';
import { createPaymentsModule, paymentProvidersOf } from './modules/payments';
import { createAttendanceModule } from './modules/attendance';
import { createCertificatesModule } from './modules/certificates';
import { createEnrollmentsModule } from './modules/enrollments';
import { healthRouter } from './modules/health';
import type { ModuleDeps } from './modules/module-deps';
import { createMealPointsModule } from './modules/meal-points';
import { createNeedsModule } from './modules/needs';
import { createNotificationsModule } from './modules/notifications';
import { regionsRouter } from './modules/regions';
import { createStatsModule } from './modules/stats';
import { createUsersModule } from './modules/users';
import { createQueueBoardModule } from './modules/queue-board';
import { appSchedulers } from './schedules';
import { createVolunteersModule } from './modules/volunteers';
import { createMatchingModule } from './modules/matching';
import { createRuralProjectsModule } from './modules/rural-projects';
import { createDonorRecommendationsModule, givingPortsOf } from './modules/donor-recommendations';

interface Infrastructure {
  config: Config;
  logger: Logger;
  connection: Connection;
  redis: Redis;
  queues: QueueFactory;
  rateLimits: RateLimits;
  /** The insert-only audit trail; it needs only the store, and every module records into it. */
  audit: AuditService;
  events: DomainEventBus;
}

async function connectInfrastructure(config: Config, logger: Logger): Promise<Infrastructure> {
  const connection = await connectStore({ uri: config.MONGODB_URI, dbName: config.MONGODB_DB, monitorCommands: config.MONGODB_MONITOR_COMMANDS });
  const redis = await connectRedis(config.REDIS_URL, 'producer', config.REDIS_COMMAND_TIMEOUT_MS);
  // ioredis reconnects by itself; while Redis is away each attempt reports here instead of crashing the process.
  redis.on('error', (err) => logger.warn({ err }, 'redis connection error'));
  const queues = new QueueFactory({
    producer: redis,
    consumer: () => createRedis(config.REDIS_URL, 'worker'),
    prefix: `${config.REDIS_PREFIX}:bull`,
    logger,
    lockDurationMs: config.QUEUE_LOCK_MS,
    jobTimeoutMs: config.JOB_TIMEOUT_MS,
  });
  const rateLimits = new RateLimits(redis, `${config.REDIS_PREFIX}:rl`);
  return { config, logger, connection, redis, queues, rateLimits, audit: createAuditTrail(connection), events: new DomainEventBus(logger) };
}

function createModules(infra: Infrastructure, notifier: Notifier) {
  const deps: ModuleDeps = { ...infra, notifier };
  const users = createUsersModule(deps);
  const auth = createAuthModule(deps, users.service);
  const needs = createNeedsModule(deps, auth.authenticate);
  const volunteers = createVolunteersModule(deps, {
    accountPhone: (userId) => users.service.phoneMasked(userId),
    // Called only at request time, after `enrollments` below exists.
    enrolledCommunities: (userId) => enrollments.service.enrolledCommunities(userId),
  }, auth.authenticate);
  const notifications = createNotificationsModule(deps, auth.authenticate, {}, {
    sms: auth.sms,
    contacts: { wechatOpenId: (id) => users.service.wechatOpenId(id), phone: (id) => volunteers.service.contactPhone(id) },
  });
  const enrollments = createEnrollmentsModule(deps, needs, auth.authenticate, volunteers.eligibilityFor, notifications.service, notifications.reminderIndex);
  const matching = createMatchingModule(deps, {
    volunteers, enrollments, needs, enrollmentsService: () => enrollments.service, inbox: notifications.service,
  }, auth.authenticate);
  const attendance = createAttendanceModule(deps, {
    findEnrollment: (id) => enrollments.service.findEnrollment(id),
    findShiftPlace: (needId, shiftId) => needs.service.findShiftPlace(needId, shiftId),
    listEnrolledOnShift: (shiftId) => enrollments.service.listEnrolledOnShift(shiftId),
    markNoShow: (id) => enrollments.service.markNoShow(id),
    markAttended: (id) => enrollments.service.markAttended(id),
    notify: (userId, notice) => notifications.service.deliver(userId, { ...notice, kind: 'hours-verification' }),
  }, needs.events, auth.authenticate);
  const certificates = createCertificatesModule(deps, {
    ledgerLines: (userId) => attendance.ledger.linesOf(userId),
    holder: (actor) => volunteers.service.certificateHolder(actor),
  }, auth.authenticate);
  const organizations = createOrganizationsModule(deps, auth.authenticate);
  const volunteerUnits = createVolunteerUnitsModule(deps, {
    shiftExists: async (needId, shiftId) => (await needs.service.findShiftPlace(needId, shiftId)) !== null,
    myShiftIds: async (actor) => (await enrollments.service.listMine(actor)).filter((e) => e.status !== 'cancelled').map((e) => e.shiftId),
  }, auth.authenticate);
  const campaigns = createCampaignsModule(deps, organizations.service, notifications.service, auth.authenticate);
  const paymentProviders = paymentProvidersOf(infra.config, (userId) => users.service.wechatOpenId(userId));
  const donations = createDonationsModule(deps, campaigns, {
    users: users.service,
    payments: paymentProviders.starter,
    refunder: paymentProviders.refunder,
    issuerOf: async (id) => (await organizations.service.fundraiser(id)).organization,
    inbox: notifications.service,
    reminderIndex: notifications.reminderIndex,
  }, auth.authenticate);
  const payments = createPaymentsModule(deps, donations, auth.authenticate, paymentProviders.refunder);
  const stats = createStatsModule(deps, {
    campaignArea: async (id) => (await campaigns.service.recent(id)).communityCode,
    maskedNames: (ids) => volunteers.service.maskedNamesOf(ids),
    needs: {
      openNeeds: () => needs.service.listOpenUpcoming(),
      seatsTaken: (shiftIds) => needs.service.seatsTaken(shiftIds),
    },
    // Called only at request time, after `mealPoints` below exists.
    portionsTaken: (meals) => mealPoints.portionsTaken(meals),
    gaps: {
      overdueDisclosures: async () => (await campaigns.listOverdueDisclosures()).map((d) => ({
        campaignId: d.campaignId, title: d.title, dueAt: new Date(d.dueAt), ...(d.communityCode ? { communityCode: d.communityCode } : {}),
      })),
      adminsFor: (districtCode) => users.service.adminsFor(districtCode),
      notify: (userId, notice) => notifications.service.deliver(userId, { ...notice, kind: 'gap-alert' }),
    },
    credit: {
      organization: async (id) => {
        const { organization } = await organizations.service.fundraiser(id);
        return { name: organization.name, grade: organization.grade ?? null };
      },
      complaints: (id, since) => organizations.complaints.countFor(id, since),
      disclosures: (id, from, to) => campaigns.disclosureTimeliness(id, from, to),
    },
  }, auth.authenticate);
  const mealPoints = createMealPointsModule(deps, auth.authenticate, {
    notify: (userId, notice) => notifications.service.deliver(userId, { ...notice, kind: 'welfare-alert', urgent: true }),
    createVisitNeed: (actor, input) => needs.service.createNeed(actor, input),
    inbox: notifications.service,
    reminderIndex: notifications.reminderIndex,
    candidates: { rank: (search, radiusKm, limit, exclude) => matching.service.rank(search, radiusKm, limit, exclude) },
    volunteerNames: { masked: (ids) => volunteers.service.maskedNamesOf(ids), real: (ids) => volunteers.service.realNamesOf(ids) },
  });
  const ruralProjects = createRuralProjectsModule(deps, {
    organization: async (id) => {
      const { organization } = await organizations.service.fundraiser(id);
      return { name: organization.name, active: organization.status === 'active' };
    },
    needs: async (actor, projectId) => (await needs.service.listOpenNeeds(actor, listNeedsQuerySchema.parse({ ruralProjectId: projectId, limit: 50 }))).items,
    campaigns: async (actor, projectId) => (await campaigns.service.list(actor, listCampaignsQuerySchema.parse({ status: 'live', ruralProjectId: projectId, limit: 20 }))).items,
  }, auth.authenticate);
  needs.service.links = { ruralProject: (actor, id, communityCode) => ruralProjects.service.checkNeedLink(actor, id, communityCode) };
  campaigns.service.links = { ruralProject: (actor, id, organizationIds) => ruralProjects.service.checkCampaignLink(actor, id, organizationIds) };
  const donorRecommendations = createDonorRecommendationsModule(givingPortsOf({ campaigns, donations, ruralProjects, volunteers }), auth.authenticate);
  const queueBoard = createQueueBoardModule(deps, auth.authenticate, users.service);
  return {
    users, auth, needs, volunteers, notifications, enrollments, matching, attendance, certificates, organizations, volunteerUnits, campaigns, donations, payments, stats,
    mealPoints, queueBoard, ruralProjects, donorRecommendations,
  };
}

export type Modules = ReturnType<typeof createModules>;

export interface ApiRuntime {
  app: Express;
  httpServer: http.Server;
  io: IoServer<SocketData>;
  modules: Modules;
  infra: Infrastructure;
  /** Graceful: stop taking work, finish what is in flight, then close every connection. */
  close(): Promise<void>;
}

/** The composition root of the API process: connects, builds the modules, wires HTTP and sockets. */
export async function createApiRuntime(config: Config, logger = createLogger(config.LOG_LEVEL)): Promise<ApiRuntime> {
  const infra = await connectInfrastructure(config, logger);
  const metrics = createMetrics();
  const pub = await connectRedis(config.REDIS_URL, 'consumer');
  const sub = pub.duplicate();
  for (const connection of [pub, sub]) connection.on('error', (err) => logger.warn({ err }, 'socket adapter redis error'));
  // The request listener must exist before Socket.IO attaches: engine.io wraps the listeners present
  // then and keeps /socket.io/ to itself; a listener added later would answer its polling requests too.
  let app: Express | undefined;
  const httpServer = http.createServer((req, res) => app!(req, res));
  let shuttingDown = false;
  const io = createIoServer<SocketData>(httpServer, { pub, sub, prefix: config.REDIS_PREFIX });
  const modules = createModules(infra, ioNotifier(io));
  attachRealtime(io, {
    verifyAccessToken: modules.auth.verifyAccessToken,
    socketHandlers: [modules.needs.registerSockets, modules.campaigns.registerSockets, modules.stats.registerSockets],
    logger,
    metrics,
  });
  const health = healthRouter(
    [{ name: 'store', check: () => pingStore(infra.connection) }, { name: 'redis', check: () => pingRedis(infra.redis) }],
    metrics.registry,
    () => shuttingDown,
  );
  app = createApp({
    config, logger, metrics,
    routers: [health, regionsRouter(), modules.auth.router, modules.users.routerWith(modules.auth.authenticate), modules.needs.router, modules.enrollments.router,
      modules.volunteers.router, modules.attendance.router, modules.certificates.router, modules.organizations.router, modules.volunteerUnits.router, modules.campaigns.router, modules.donations.router, modules.donations.receiptRequestsRouter,
      modules.campaigns.teamsRouter, modules.payments.router, modules.notifications.router, modules.queueBoard.router, modules.stats.router, modules.matching.router, auditRouter(infra.audit, modules.auth.authenticate),
      ...modules.mealPoints.routers, modules.ruralProjects.router, modules.donorRecommendations.router],
  });
  await modules.mealPoints.listen();
  await modules.auth.revocations.start();
  await modules.campaigns.listen();
  await ensureIndexes(infra.connection);
  if (config.WORKERS_IN_PROCESS) await startWorkers(modules, infra.queues);
  modules.matching.warmUp();
  modules.stats.warmUp().catch((err: unknown) => logger.warn({ err }, 'could not load the statistics warm window'));

  const close = async () => {
    shuttingDown = true;
    await modules.matching.close();
    await modules.campaigns.close();
    modules.stats.close();
    await modules.mealPoints.close();
    await closeHttp(httpServer, io, config.SHUTDOWN_TIMEOUT_MS / 2);
    await modules.auth.revocations.close();
    await closeInfrastructure(infra);
    await Promise.allSettled([pub.quit(), sub.quit()]);
  };
  return { app, httpServer, io, modules, infra, close };
}

export interface CoreRuntime {
  infra: Infrastructure;
  modules: Modules;
  close(): Promise<void>;
}

/**
 * The modules without HTTP: for the worker process (with `startWorkers`) and for scripts such as
 * the seed, which call module services rather than models. Sockets are reached through Redis.
 */
export async function createCoreRuntime(
  config: Config,
  { workers }: { workers: boolean },
  logger = createLogger(config.LOG_LEVEL),
): Promise<CoreRuntime> {
  const infra = await connectInfrastructure(config, logger);
  const modules = createModules(infra, redisNotifier(infra.redis, config.REDIS_PREFIX, logger));
  await ensureIndexes(infra.connection);
  if (workers) await startWorkers(modules, infra.queues);
  return { infra, modules, close: async () => { await modules.matching.close(); await closeInfrastructure(infra); } };
}

async function startWorkers(modules: Modules, queues: QueueFactory): Promise<void> {
  await appSchedulers(queues, modules).start();
  await modules.enrollments.startWorkers();
  modules.notifications.startWorkers();
  modules.matching.startWorkers();
  modules.attendance.startWorkers();
  modules.donations.startWorkers();
  modules.campaigns.startWorkers();
  modules.stats.startWorkers();
  modules.mealPoints.startWorkers();
}

async function closeHttp(httpServer: http.Server, io: IoServer<SocketData>, graceMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
  httpServer.closeIdleConnections();
  io.disconnectSockets(true);
  const timer = setTimeout(() => httpServer.closeAllConnections(), graceMs);
  await closed;
  clearTimeout(timer);
  await new Promise<void>((resolve) => io.close(() => resolve()));
}

async function closeInfrastructure({ queues, connection, redis }: Infrastructure): Promise<void> {
  await queues.close();
  await connection.close();
  await redis.quit().catch(() => redis.disconnect());
}
