// `npm run bench:soak [-- --minutes 20 --clients 40 --watchers 200 --seed 7]`: sustained mixed
// traffic against the production shape (two API processes and a worker process behind a
// round-robin proxy, a FerretDB and an append-only Redis of its own), with a worker killed, Redis
// restarted and the store restarted at random moments. Traffic: reads of needs and a campaign,
// shift sign-ups whose 2 h reminders fall due during the run, donations paid through the sandbox
// (clients retry failures with the same Idempotency-Key, as the app does), inbox reads, and socket
// watchers of the campaign. Afterwards it checks every invariant and that every reminder that fell
// due reached its inbox. The last line is one JSON object with every figure; `quietP99Ms` is the
// same traffic's p99 before the first fault, measured in the same run, and `p99Ratio` the whole
// run's p99 over it.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import mongoose from 'mongoose';
import { Redis } from 'ioredis';
import { io, type Socket } from 'socket.io-client';
import { Agent, request } from 'undici';
import { createNeedSchema, volunteerProfileSchema } from '@tongxin/shared';
import { loadConfig, type Config } from '../../server/src/config/config';
import { AccessTokens } from '../../server/src/modules/auth/auth.tokens';
import { QUEUE_NAMES } from '../../server/src/modules/queues.registry';
import { createCoreRuntime, type CoreRuntime } from '../../server/src/runtime';
import { aVolunteerProfileBody } from '../../tests/fixtures/volunteer-profiles';
import { freePort, spawnApi, spawnWorker, type ApiProcess, type WorkerProcess } from '../../tests/helpers/api-process';
import { startOwnRedis } from '../../tests/helpers/own-redis';
import { startOwnStore } from '../../tests/helpers/own-store';
import { startRoundRobinProxy } from '../../tests/helpers/round-robin-proxy';
import { aCampaignBody, anOrganizationBody } from '../../tests/integration/campaigns/campaign-fixtures';
import { checkInvariants } from '../lib/invariants';

function flag(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

const MINUTES = flag('minutes', 20);
const CLIENTS = flag('clients', 40);
const WATCHERS = flag('watchers', 200);
/** `--faults 0` runs the same traffic without faults (a baseline for the figures). */
const FAULTS = flag('faults', 1) !== 0;
const VOLUNTEERS = 300;
const DONORS = 150;
const SHIFTS = 40;
const HOUR = 3_600_000;
const DURATION_MS = MINUTES * 60_000;
/** Reminders that fall due this close to the end may still be on their way: not counted. */
const DRAIN_GRACE_MS = 30_000;

/** mulberry32: the same seed gives the same fault moments and the same traffic mix. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = seeded(flag('seed', 7));
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (line: string) => console.error(`[soak ${new Date().toISOString().slice(11, 19)}] ${line}`);

interface Sample { at: number; ms: number; ok: boolean }

/** HTTP through the proxy; a network error counts as status 0. */
class Traffic {
  readonly samples: Sample[] = [];
  private readonly agent = new Agent({ connections: CLIENTS * 2, keepAliveTimeout: 5_000 });

  constructor(private readonly baseUrl: string) {}

  async call(method: 'GET' | 'POST' | 'DELETE', path: string, token: string, body?: unknown, headers: Record<string, string> = {}) {
    const t0 = performance.now();
    let status = 0;
    let json: any = null;
    try {
      const res = await request(`${this.baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        dispatcher: this.agent,
        headersTimeout: 30_000,
        bodyTimeout: 30_000,
      });
      status = res.statusCode;
      const text = await res.body.text();
      json = text ? JSON.parse(text) : null;
    } catch {
      status = 0;
    }
    this.samples.push({ at: Date.now(), ms: performance.now() - t0, ok: status > 0 && status < 500 });
    return { status, json };
  }

  close() {
    return this.agent.close();
  }
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Least-squares slope of RSS over time, MB per hour. */
function growthMBPerHour(points: Array<{ at: number; rssKb: number }>): number {
  if (points.length < 3) return 0;
  const xs = points.map((p) => (p.at - points[0]!.at) / HOUR);
  const ys = points.map((p) => p.rssKb / 1024);
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  const num = xs.reduce((s, x, i) => s + (x - mx) * (ys[i]! - my), 0);
  const den = xs.reduce((s, x) => s + (x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

function rssKbOf(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

interface World {
  needId: string;
  shiftIds: string[];
  campaignId: string;
  volunteers: Array<{ id: string; token: string }>;
  donors: Array<{ id: string; token: string }>;
}

async function seedWorld(core: CoreRuntime, traffic: Traffic, tokens: AccessTokens, startsAt: number): Promise<World> {
  const { users, volunteers: profiles, needs } = core.modules;
  const sign = (id: string, roles: Parameters<AccessTokens['sign']>[0]['roles'], scopes = {}) => tokens.sign({ userId: id, roles, scopes });
  const city = await users.service.createUser({ displayName: '市民政局', roles: ['city_admin'] });
  const cityToken = sign(city.id, ['city_admin']);
  const org = (await traffic.call('POST', '/api/v1/organizations', cityToken, anOrganizationBody())).json;
  const admin = await users.service.createUser({ displayName: '基金会', roles: ['org_admin'], scopes: { organizationId: org.id } });
  const adminToken = sign(admin.id, ['org_admin'], { organizationId: org.id });
  const campaign = (await traffic.call('POST', '/api/v1/campaigns', adminToken, aCampaignBody(org.id, { goalFen: 10_000_000_000 }))).json;
  await traffic.call('POST', `/api/v1/campaigns/${campaign.id}/transitions`, adminToken, { to: 'review' });
  const live = await traffic.call('POST', `/api/v1/campaigns/${campaign.id}/transitions`, cityToken, { to: 'live' });
  if (live.status !== 200) throw new Error(`campaign did not go live: ${live.status} ${JSON.stringify(live.json)}`);

  // Shifts start 2 h after moments spread over the run, so their 2 h reminders fall due during it.
  const staff = await users.service.createUser({ displayName: '社区工作者', roles: ['community_staff'], scopes: { communityCode: '510104001001' } });
  const shifts = Array.from({ length: SHIFTS }, (_, k) => {
    const start = startsAt + 2 * HOUR + Math.round(((k + 0.5) / SHIFTS) * DURATION_MS);
    return { startsAt: new Date(start).toISOString(), endsAt: new Date(start + 2 * HOUR).toISOString(), capacity: VOLUNTEERS };
  });
  const need = await needs.service.createNeed({ userId: staff.id, roles: ['community_staff'], scopes: { communityCode: '510104001001' } },
    createNeedSchema.parse({ title: '长时压测需求', category: 'community_service', beneficiaryType: 'residents', communityCode: '510104001001', shifts }));

  const volunteers: World['volunteers'] = [];
  for (let i = 0; i < VOLUNTEERS; i += 50) {
    volunteers.push(...await Promise.all(Array.from({ length: Math.min(50, VOLUNTEERS - i) }, async () => {
      const user = await users.service.createUser({ displayName: '压测志愿者', roles: ['volunteer'] });
      await profiles.service.saveMine({ userId: user.id, roles: ['volunteer'], scopes: {} }, volunteerProfileSchema.parse(aVolunteerProfileBody()));
      return { id: user.id, token: sign(user.id, ['volunteer']) };
    })));
  }
  const donors: World['donors'] = [];
  for (let i = 0; i < DONORS; i += 50) {
    donors.push(...await Promise.all(Array.from({ length: Math.min(50, DONORS - i) }, async () => {
      const user = await users.service.createUser({ displayName: '压测捐赠人', roles: ['donor'] });
      return { id: user.id, token: sign(user.id, ['donor']) };
    })));
  }
  return { needId: need.id, shiftIds: need.shifts.map((s) => s.id), campaignId: campaign.id, volunteers, donors };
}

/** Watchers that come back by themselves after a restart, as the app's realtime client does. */
function startWatchers(url: string, world: World, tokens: AccessTokens): { sockets: Socket[]; tallies: () => number } {
  let tallies = 0;
  const sockets = Array.from({ length: WATCHERS }, (_, i) => {
    const donor = world.donors[i % world.donors.length]!;
    const socket = io(url, { transports: ['websocket'], auth: { token: tokens.sign({ userId: donor.id, roles: ['donor'], scopes: {} }) }, reconnectionDelayMax: 2_000 });
    socket.on('connect', () => socket.emit('campaign:watch', { campaignId: world.campaignId }, () => undefined));
    socket.on('campaign:tally', () => (tallies += 1));
    return socket;
  });
  return { sockets, tallies: () => tallies };
}

/**
 * What the store holds around each failure, so a violation found after a 20-minute run can be
 * explained without running it again: the receipt, ledger entries and payment claims of a donation
 * the checker calls unpaid; the sign-up and inbox of a reminder that never arrived.
 */
async function diagnose(db: mongoose.mongo.Db, violations: string[], lostReminderIds: string[]): Promise<unknown> {
  const unpaid = violations.map((v) => /donation ([a-f0-9]{24}) is not paid/.exec(v)?.[1]).filter((id): id is string => !!id).slice(0, 5);
  const donations = await Promise.all(unpaid.map(async (id) => {
    const oid = new mongoose.Types.ObjectId(id);
    return {
      id,
      createdAt: oid.getTimestamp().toISOString(),
      donation: await db.collection('donations').findOne({ _id: oid }),
      receipt: await db.collection('donation_receipts').findOne({ _id: oid }, { projection: { number: 1, paidAt: 1, issuedAt: 1 } }),
      ledger: await db.collection('donation_ledger').find({ donationId: oid }).toArray(),
      paidEntryById: await db.collection('donation_ledger').findOne({ _id: `${id}:paid` as never }),
      claims: await db.collection('payment_transactions').find({ donationId: id }).toArray(),
    };
  }));
  const reminders = await Promise.all(lostReminderIds.slice(0, 8).map(async (id) => {
    const enrollmentId = id.slice('reminder:'.length, id.lastIndexOf(':'));
    const enrollment = await db.collection('enrollments').findOne({ _id: enrollmentId as never });
    const inbox = enrollment ? await db.collection('notifications').find({ userId: enrollment.userId }).project({ _id: 1, kind: 1, createdAt: 1 }).toArray() : [];
    return { id, enrollment, inbox: inbox.filter((n) => String(n._id).includes(enrollmentId)) };
  }));
  return { donations, reminders, lostReminders: lostReminderIds.length };
}

async function main(): Promise<void> {
  log(`starting: ${MINUTES} min, ${CLIENTS} clients, ${WATCHERS} watchers`);
  const [store, redis] = await Promise.all([startOwnStore(), startOwnRedis()]);
  const config: Config = loadConfig({
    ...process.env, MONGODB_URI: store.uri, REDIS_URL: redis.url, MONGODB_DB: 'bench_soak', REDIS_PREFIX: 'soak',
    LOG_LEVEL: 'fatal', WORKERS_IN_PROCESS: 'false', QUEUE_LOCK_MS: '5000', NODE_ENV: 'development',
  });
  const tokens = new AccessTokens(config.JWT_SECRET, 6 * 3600);
  const apis: ApiProcess[] = await Promise.all([spawnApi(config, await freePort()), spawnApi(config, await freePort())]);
  let worker: WorkerProcess = await spawnWorker(config);
  const proxy = await startRoundRobinProxy(apis.map((a) => a.url));
  const traffic = new Traffic(proxy.url);
  const core = await createCoreRuntime(config, { workers: false });
  const startedAt = Date.now();
  const world = await seedWorld(core, traffic, tokens, startedAt);
  traffic.samples.length = 0;
  const watchers = startWatchers(proxy.url, world, tokens);
  log(`seeded in ${((Date.now() - startedAt) / 1000).toFixed(0)} s; traffic starts`);

  const runStart = Date.now();
  const endAt = runStart + DURATION_MS;
  const rss: Record<string, Array<{ at: number; rssKb: number }>> = { apiA: [], apiB: [], worker: [] };
  const sampler = setInterval(() => {
    const at = Date.now();
    for (const [name, pid] of [['apiA', apis[0]!.child.pid], ['apiB', apis[1]!.child.pid], ['worker', worker.child.pid]] as const) {
      const kb = rssKbOf(pid);
      if (kb !== null) rss[name]!.push({ at, rssKb: kb });
    }
  }, 10_000);

  // Faults: each once, at a random moment between 15 % and 85 % of the run, in a random order.
  const faults: Array<{ kind: string; atS: number; recoveredS?: number }> = [];
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1]!.split(',') : null;
  const faultKinds = ['worker-kill', 'redis-restart', 'store-restart'].filter((kind) => FAULTS && (!only || only.includes(kind)));
  const faultMoments = faultKinds.map((kind) => ({ kind, at: runStart + (0.15 + random() * 0.7) * DURATION_MS }));
  const faultRunner = (async () => {
    for (const fault of faultMoments.sort((a, b) => a.at - b.at)) {
      await sleep(Math.max(0, fault.at - Date.now()));
      const t0 = Date.now();
      log(`fault: ${fault.kind}`);
      if (fault.kind === 'worker-kill') {
        worker.child.kill('SIGKILL');
        await worker.exited;
        await sleep(2_000);
        worker = await spawnWorker(config);
      } else if (fault.kind === 'redis-restart') {
        await redis.restart('SIGKILL', 2_000);
      } else {
        await store.restart('SIGKILL', 3_000);
      }
      faults.push({ kind: fault.kind, atS: Math.round((t0 - runStart) / 1000), recoveredS: Math.round((Date.now() - t0) / 100) / 10 });
    }
  })();

  const enrollments: Array<{ id: string; token: string }> = [];
  let donationsPaid = 0;
  const client = async () => {
    while (Date.now() < endAt) {
      const roll = random();
      if (roll < 0.4) {
        const volunteer = pick(world.volunteers);
        await (random() < 0.5
          ? traffic.call('GET', '/api/v1/needs?limit=20', volunteer.token)
          : traffic.call('GET', `/api/v1/campaigns/${world.campaignId}`, volunteer.token));
      } else if (roll < 0.6) {
        const volunteer = pick(world.volunteers);
        const res = await traffic.call('POST', `/api/v1/needs/${world.needId}/shifts/${pick(world.shiftIds)}/enrollments`, volunteer.token, {});
        if (res.status === 201) enrollments.push({ id: res.json.id, token: volunteer.token });
      } else if (roll < 0.65 && enrollments.length > 0) {
        const { id, token } = enrollments.splice(Math.floor(random() * enrollments.length), 1)[0]!;
        await traffic.call('DELETE', `/api/v1/enrollments/${id}`, token);
      } else if (roll < 0.9) {
        const donor = pick(world.donors);
        const key = randomUUID();
        const amountFen = 100 + Math.floor(random() * 10_000);
        // As the app does: the same Idempotency-Key until an answer, then pay it.
        for (let attempt = 0; attempt < 8; attempt += 1) {
          const created = await traffic.call('POST', `/api/v1/campaigns/${world.campaignId}/donations`, donor.token, { amountFen }, { 'idempotency-key': key });
          if (created.status === 200 || created.status === 201) {
            for (let pay = 0; pay < 8; pay += 1) {
              const paid = await traffic.call('POST', `/api/v1/payments/sandbox/${created.json.id}/pay`, donor.token, {});
              if (paid.status >= 200 && paid.status < 300) {
                donationsPaid += 1;
                break;
              }
              if (paid.status >= 400 && paid.status < 500) break;
              await sleep(500 * (pay + 1));
            }
            break;
          }
          if (created.status >= 400 && created.status < 500) break;
          await sleep(500 * (attempt + 1));
        }
      } else {
        await traffic.call('GET', '/api/v1/me/notifications?limit=20', pick(world.volunteers).token);
      }
    }
  };
  await Promise.all([...Array.from({ length: CLIENTS }, client), faultRunner]);
  clearInterval(sampler);
  log('traffic over; letting queues drain');

  // Every sign-up holding a place whose 2 h reminder fell due (with a grace before the end) must be in
  // its inbox. Waitlisted ones get none by design (skipped at delivery). One promoted from the waitlist
  // after its reminder's moment gets none either, and is still counted here: no promotion time is kept.
  const db = core.infra.connection.db!;
  const countReminders = async () => {
    const due = await db.collection('enrollments').find({
      status: 'enrolled',
      startsAt: { $gte: new Date(runStart + 2 * HOUR), $lte: new Date(endAt - DRAIN_GRACE_MS + 2 * HOUR) },
    }).project({ _id: 1, startsAt: 1, createdAt: 1 }).toArray();
    // A sign-up made after its reminder's moment gets none (it is scheduled only while in the future).
    const ids = due.filter((e) => (e.createdAt as Date).getTime() < (e.startsAt as Date).getTime() - 2 * HOUR)
      .map((e) => `reminder:${String(e._id)}:2h@${(e.startsAt as Date).getTime()}`);
    const found = ids.length === 0 ? [] : await db.collection('notifications').find({ _id: { $in: ids } as never }).project({ _id: 1 }).toArray();
    const have = new Set(found.map((n) => String(n._id)));
    return { expected: ids.length, delivered: have.size, lostIds: ids.filter((id) => !have.has(id)) };
  };
  let reminders = await countReminders();
  for (let i = 0; i < 30 && reminders.delivered < reminders.expected; i += 1) {
    await sleep(2_000);
    reminders = await countReminders();
  }
  await sleep(5_000);
  const checker = new Redis(redis.url);
  // Checked twice. A payment whose ledger entry went in while its answer was lost (the store died)
  // is settled by the retry without moving the live tally: short, never double, by design, until
  // the reconciliation job (every TALLY_RECONCILE_EVERY_MS, once a campaign has been quiet for
  // TALLY_RECONCILE_QUIET_MS) repairs it from the ledger. Both reports are printed.
  const atTrafficEnd = await checkInvariants({ db, redis: checker, redisPrefix: config.REDIS_PREFIX });
  await sleep(config.TALLY_RECONCILE_QUIET_MS + config.TALLY_RECONCILE_EVERY_MS + 10_000);
  const report = await checkInvariants({ db, redis: checker, redisPrefix: config.REDIS_PREFIX });
  // Where undelivered reminders are, if any: still in the index, or as delivery jobs in some state.
  const reminderQueue = core.infra.queues.queue(QUEUE_NAMES.shiftReminders);
  const drainQueue = core.infra.queues.queue(QUEUE_NAMES.shiftReminderDrain);
  const reminderState = {
    indexed: await checker.zcard(`${config.REDIS_PREFIX}:reminders:due`),
    overdueInIndex: await checker.zcount(`${config.REDIS_PREFIX}:reminders:due`, '-inf', Date.now()),
    deliveryJobs: await reminderQueue.getJobCounts('waiting', 'delayed', 'active', 'failed', 'completed'),
    drainSchedulers: (await drainQueue.getJobSchedulers()).length,
    drainJobs: await drainQueue.getJobCounts('waiting', 'delayed', 'active', 'failed'),
  };
  await checker.quit();
  const diagnosis = await diagnose(db, report.violations, reminders.lostIds);

  const all = traffic.samples;
  const firstFault = Math.min(endAt, ...faultMoments.map((f) => f.at));
  const quiet = all.filter((s) => s.at < firstFault).map((s) => s.ms);
  const p99 = percentile(all.map((s) => s.ms), 99);
  const quietP99 = percentile(quiet, 99);
  const result = {
    minutes: MINUTES,
    clients: CLIENTS,
    requests: all.length,
    errorRate: Number((all.filter((s) => !s.ok).length / Math.max(1, all.length)).toFixed(5)),
    p50Ms: Math.round(percentile(all.map((s) => s.ms), 50)),
    p99Ms: Math.round(p99),
    quietP99Ms: Math.round(quietP99),
    p99Ratio: quietP99 > 0 ? Number((p99 / quietP99).toFixed(2)) : null,
    rssGrowthMBPerHour: Object.fromEntries(Object.entries(rss).map(([name, points]) => [name, Number(growthMBPerHour(points.slice(Math.floor(points.length / 5))).toFixed(1))])),
    invariantViolations: report.violations.length,
    violations: report.violations.slice(0, 10),
    violationsAtTrafficEnd: atTrafficEnd.violations.slice(0, 10),
    lostJobs: reminders.expected - reminders.delivered,
    remindersDue: reminders.expected,
    reminderState,
    donationsPaid,
    watchers: WATCHERS,
    watchersConnectedAtEnd: watchers.sockets.filter((s) => s.connected).length,
    tallyEventsReceived: watchers.tallies(),
    faults,
    diagnosis,
  };

  for (const socket of watchers.sockets) socket.close();
  await traffic.close();
  await proxy.close();
  for (const api of apis) api.child.kill('SIGTERM');
  worker.child.kill('SIGTERM');
  await Promise.all([...apis.map((a) => a.exited), worker.exited]);
  await core.close();
  await Promise.all([store.stop(), redis.stop()]);
  await mongoose.disconnect();
  console.log(JSON.stringify(result));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
