// `npm run bench:donations`: a giving-day burst through the full donation path (create with an
// Idempotency-Key → sandbox pay, which signs and delivers a WeChat Pay v3 notification → settlement),
// every notification then replayed to /payments/wechat/notify, while Socket.IO watchers in child
// processes (websocket only) follow the campaign's live tally. The burst's donors run in a child
// process of their own (BENCH_DONORS_IN_PROCESS=1 keeps them in the API's process, as before).
// Beside it, in the same run: a bare authenticated Express route (bareRatio) and the same watchers
// with no burst (fanoutIdleP99Ms).
// Starts the store and Redis when none are configured; the API runs in-process on loopback.
// The last line is one JSON object with every figure.
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express from 'express';
import { Types } from 'mongoose';
import { Agent, request } from 'undici';
import type { CampaignTally } from '@tongxin/shared';
import { loadConfig } from '../../server/src/config/config';
import { AccessTokens } from '../../server/src/modules/auth/auth.tokens';
import { createApiRuntime, type ApiRuntime } from '../../server/src/runtime';
import { aCampaignBody, anOrganizationBody } from '../../tests/integration/campaigns/campaign-fixtures';
import { dropTestState } from '../../tests/helpers/test-state';
import { Donors, runBurst, sandboxSigning, type BurstPlan, type BurstResult, type Gift, type SandboxSigning } from './donors';
import { runLoad } from './load';
import { StoreCommandCounter } from './store-commands';

const DONATIONS = Number(process.env.BENCH_DONATIONS ?? 6000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 200);
const WATCHERS = Number(process.env.BENCH_WATCHERS ?? 10_000);
const WATCHER_PROCESSES = Number(process.env.BENCH_WATCHER_PROCESSES ?? 4);
/** The store's process id (e.g. `pgrep -f listen-addr=127.0.0.1:27017`): its CPU time per gift is reported. */
const STORE_PID = process.env.BENCH_STORE_PID;
/** Count the store commands of the burst (driver command monitoring); `0` turns it off. */
const COUNT_COMMANDS = process.env.BENCH_COMMANDS !== '0';
/** `1`: the burst's donors run in this process, sharing the API's core (how the figures before 30 Nov 2026 were taken). */
const DONORS_IN_PROCESS = process.env.BENCH_DONORS_IN_PROCESS === '1';
const IDLE_GIFTS = 20;
/** Each donor gives twice in the burst (well inside the per-donor rate limit). */
const GIFTS_PER_DONOR = 2;
const now = () => performance.timeOrigin + performance.now();

/** CPU time of a process, ms (utime + stime; USER_HZ = 100). */
function processCpuMs(pid: string): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
const round = (n: number, digits = 1) => Number(n.toFixed(digits));

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

class Client {
  readonly agent = new Agent({ connections: 4, pipelining: 1, keepAliveTimeout: 60_000 });
  constructor(private readonly baseUrl: string) {}

  async call(method: 'GET' | 'POST', path: string, headers: Record<string, string>, body?: unknown): Promise<{ status: number; json: any }> {
    const res = await request(`${this.baseUrl}${path}`, {
      method, dispatcher: this.agent,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await res.body.text();
    return { status: res.statusCode, json: text ? JSON.parse(text) : null };
  }
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function expectOk(promise: Promise<{ status: number; json: any }>, status: number): Promise<any> {
  const res = await promise;
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.json)}`);
  return res.json;
}

/** A qualified foundation, its admin, a city admin, and one live campaign. */
async function aLiveCampaign(runtime: ApiRuntime, client: Client, tokens: AccessTokens): Promise<string> {
  const { users } = runtime.modules;
  const city = await users.service.createUser({ displayName: '市民政局', roles: ['city_admin'] });
  const cityToken = tokens.sign({ userId: city.id, roles: ['city_admin'], scopes: {} });
  const org = await expectOk(client.call('POST', '/api/v1/organizations', bearer(cityToken), anOrganizationBody()), 201);
  const admin = await users.service.createUser({ displayName: '基金会', roles: ['org_admin'], scopes: { organizationId: org.id } });
  const adminToken = tokens.sign({ userId: admin.id, roles: ['org_admin'], scopes: { organizationId: org.id } });
  const campaign = await expectOk(client.call('POST', '/api/v1/campaigns', bearer(adminToken), aCampaignBody(org.id, { goalFen: 1_000_000_000 })), 201);
  await expectOk(client.call('POST', `/api/v1/campaigns/${campaign.id}/transitions`, bearer(adminToken), { to: 'review' }), 200);
  await expectOk(client.call('POST', `/api/v1/campaigns/${campaign.id}/transitions`, bearer(cityToken), { to: 'live' }), 200);
  return campaign.id;
}

async function makeDonors(runtime: ApiRuntime, tokens: AccessTokens, count: number): Promise<Array<{ id: string; token: string }>> {
  const donors: Array<{ id: string; token: string }> = [];
  for (let i = 0; i < count; i += 50) {
    donors.push(...await Promise.all(Array.from({ length: Math.min(50, count - i) }, async (_, k) => {
      const user = await runtime.modules.users.service.createUser({ displayName: `${'张王李赵刘陈'[(i + k) % 6]}捐赠人`, roles: ['donor'] });
      return { id: user.id, token: tokens.sign({ userId: user.id, roles: ['donor'], scopes: {} }) };
    })));
  }
  return donors;
}

function startWatchers(url: string, campaignId: string, tokens: AccessTokens): Promise<{ children: ChildProcess[]; connected: number; failed: number }> {
  const perChild = Math.ceil(WATCHERS / WATCHER_PROCESSES);
  const script = path.join(__dirname, 'tally-watchers.ts');
  const children = Array.from({ length: WATCHER_PROCESSES }, () => fork(script, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  return Promise.all(children.map((child, c) => new Promise<{ connected: number; failed: number }>((resolve, reject) => {
    const count = Math.max(0, Math.min(perChild, WATCHERS - c * perChild));
    const watcherTokens = Array.from({ length: count }, () => tokens.sign({ userId: new Types.ObjectId().toHexString(), roles: ['volunteer'], scopes: {} }));
    child.once('message', (m: { type: string; connected: number; failed: number }) => resolve(m));
    child.once('exit', (code) => reject(new Error(`watcher process exited with ${code}`)));
    child.send({ type: 'start', url, campaignId, tokens: watcherTokens });
  }))).then((ready) => ({ children, connected: ready.reduce((a, r) => a + r.connected, 0), failed: ready.reduce((a, r) => a + r.failed, 0) }));
}

function collectSamples(children: ChildProcess[], appliedAt: Map<number, number>): Promise<Array<[number, number]>> {
  const applied = [...appliedAt.entries()];
  return Promise.all(children.map((child) => new Promise<Array<[number, number]>>((resolve) => {
    child.removeAllListeners('exit');
    child.once('message', (m: { samples: Array<[number, number]> }) => resolve(m.samples));
    child.send({ type: 'report', appliedAt: applied });
  }))).then((all) => all.flat());
}

function latencyFigures(samples: number[]): { p50: number; p99: number; max: number; count: number } {
  const sorted = samples.slice().sort((a, b) => a - b);
  return { p50: round(percentile(sorted, 50)), p99: round(percentile(sorted, 99)), max: round(sorted.at(-1) ?? 0), count: sorted.length };
}

/** The burst's donors in a child process of their own (see donors-process.ts). */
function burstInChild(baseUrl: string, campaignId: string, signing: SandboxSigning, plan: BurstPlan): Promise<BurstResult & { cpuMs: number }> {
  const child = fork(path.join(__dirname, 'donors-process.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise<BurstResult & { cpuMs: number }>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`donors process exited with ${code}`)));
    child.once('message', (message: { result?: BurstResult & { cpuMs: number }; error?: string }) => {
      if (message.result) resolve(message.result);
      else reject(new Error(`donors process: ${message.error}`));
    });
    child.send({ baseUrl, campaignId, signing, plan });
  }).finally(() => {
    child.removeAllListeners('exit');
    if (child.connected) child.disconnect();
  });
}

async function main(): Promise<void> {
  const { ensureServices } = await import('../lib/services-lib.mjs');
  const services = await ensureServices({ log: (line: string) => console.error(`[services] ${line}`) });
  const stamp = Date.now();
  const config = loadConfig({
    ...process.env, MONGODB_URI: services.mongoUri, REDIS_URL: services.redisUrl, NODE_ENV: 'test',
    MONGODB_DB: `bench_donations_${stamp}`, REDIS_PREFIX: `bench:donations:${stamp}`, LOG_LEVEL: 'warn',
    MONGODB_MONITOR_COMMANDS: String(COUNT_COMMANDS),
  });
  const runtime = await createApiRuntime(config);
  const commands = COUNT_COMMANDS ? new StoreCommandCounter(runtime.infra.connection) : null;
  const apiUrl = await listen(runtime.httpServer);
  const bare = express().get('/bare', runtime.modules.auth.authenticate, (_req, res) => void res.status(204).end());
  const bareServer = http.createServer(bare);
  const bareUrl = await listen(bareServer);
  const client = new Client(apiUrl);
  const tokens = new AccessTokens(config.JWT_SECRET, 3600);
  const keys = runtime.modules.payments.sandboxKeys!;
  let children: ChildProcess[] = [];
  let closeDonors = async (): Promise<void> => undefined;

  // When each tally seq was applied on the server: the start of "payment → tally on screen".
  const appliedAt = new Map<number, number>();
  const funding = runtime.modules.campaigns.funding;
  const recordGift = funding.recordGift.bind(funding);
  funding.recordGift = async (gift) => {
    const at = now();
    const tally = await recordGift(gift);
    appliedAt.set(tally.seq, at);
    return tally;
  };

  try {
    const campaignId = await aLiveCampaign(runtime, client, tokens);
    const donorCount = Math.ceil(DONATIONS / GIFTS_PER_DONOR);
    console.error(`[bench] creating ${donorCount + IDLE_GIFTS} donors…`);
    const donors = await makeDonors(runtime, tokens, donorCount);
    const idleDonors = await makeDonors(runtime, tokens, IDLE_GIFTS);

    console.error(`[bench] connecting ${WATCHERS} watchers in ${WATCHER_PROCESSES} processes…`);
    const t0 = now();
    const watchers = await startWatchers(apiUrl, campaignId, tokens);
    children = watchers.children;
    console.error(`[bench] ${watchers.connected} watching (${watchers.failed} failed) after ${round((now() - t0) / 1000)} s`);

    const signing = sandboxSigning(keys, { appId: config.WECHAT_APP_ID, mchId: config.WECHATPAY_MCH_ID });
    const localDonors = new Donors(apiUrl, campaignId, signing, CONCURRENCY + 20);
    closeDonors = () => localDonors.agent.close();

    console.error(`[bench] idle: ${IDLE_GIFTS} gifts one at a time…`);
    const idleGifts: Gift[] = [];
    for (const donor of idleDonors) {
      idleGifts.push(await localDonors.give(donor, 1000));
      await new Promise((r) => setTimeout(r, 400));
    }
    const idleMaxSeq = Math.max(...appliedAt.keys());

    console.error(`[bench] bare route baseline…`);
    const bareRun = await runLoad(bareUrl, CONCURRENCY, Array.from({ length: DONATIONS }, (_, i) => ({ method: 'GET', path: '/bare', headers: bearer(donors[i % donors.length]!.token) })));

    console.error(`[bench] burst: ${DONATIONS} donations from ${CONCURRENCY} concurrent donors${DONORS_IN_PROCESS ? ' (in this process)' : ' (in a child process)'}…`);
    const plan = { donors, amounts: Array.from({ length: DONATIONS }, (_, i) => 100 + ((i * 7919) % 9900)), concurrency: CONCURRENCY, giftsPerDonor: GIFTS_PER_DONOR };
    commands?.reset();
    const storeCpu0 = STORE_PID ? processCpuMs(STORE_PID) : null;
    const apiCpu0 = process.cpuUsage();
    const burstRun = DONORS_IN_PROCESS
      ? { ...await runBurst(localDonors, plan), cpuMs: null }
      : await burstInChild(apiUrl, campaignId, signing, plan);
    const { gifts, failures, replays: replayStatuses, seconds: burstSeconds } = burstRun;
    const apiCpu = process.cpuUsage(apiCpu0);
    const storeCpu1 = STORE_PID ? processCpuMs(STORE_PID) : null;
    // CPU per paid gift: the API's process (with the donors' clients when they run in it), the donors' process, the store.
    const perGift = (ms: number | null) => (ms === null ? null : round(ms / Math.max(1, gifts.length), 2));
    const cpuMsPerGift = {
      api: perGift((apiCpu.user + apiCpu.system) / 1000),
      donors: perGift(burstRun.cpuMs),
      store: perGift(storeCpu0 === null || storeCpu1 === null ? null : storeCpu1 - storeCpu0),
    };
    await new Promise((r) => setTimeout(r, 1000)); // the last coalesced tally reaches the watchers
    // After that second, so that work the burst left to in-process workers (thank-you jobs) counts too.
    const storeCommands = commands?.report(gifts.length);

    const all = [...idleGifts, ...gifts];
    const expectedRaised = all.reduce((sum, g) => sum + g.amountFen, 0);
    const campaign = await expectOk(client.call('GET', `/api/v1/campaigns/${campaignId}`, bearer(donors[0]!.token)), 200);
    const tally = campaign.tally as CampaignTally;
    const db = runtime.infra.connection;
    const campaignOid = new Types.ObjectId(campaignId);
    const ledgerPaid = await db.collection('donation_ledger').find({ campaignId: campaignOid, kind: 'paid' }).project({ amountFen: 1, donationId: 1 }).toArray();
    const storedDonations = await db.collection('donations').countDocuments({ campaignId: campaignOid });
    const ledgerRaised = ledgerPaid.reduce((sum, e) => sum + (e.amountFen as number), 0);
    const distinctPaid = new Set(ledgerPaid.map((e) => String(e.donationId))).size;
    const duplicates = (ledgerPaid.length - distinctPaid) + (ledgerPaid.length - all.length) + (storedDonations - all.length);
    const tallyExact = tally.raisedFen === expectedRaised && ledgerRaised === expectedRaised
      && tally.donorCount === new Set(all.map((g) => g.donorId)).size;

    const samples = await collectSamples(children, appliedAt);
    children = [];
    const idle = latencyFigures(samples.filter(([seq]) => seq <= idleMaxSeq).map(([, ms]) => ms));
    const burst = latencyFigures(samples.filter(([seq]) => seq > idleMaxSeq).map(([, ms]) => ms));
    const latencies = gifts.map((g) => g.latencyMs).sort((a, b) => a - b);
    const donationsPerSec = Math.round(gifts.length / burstSeconds);

    console.log(`bare authenticated route: ${bareRun.perSecond}/s, p99 ${bareRun.p99Ms} ms`);
    console.log(`burst: ${gifts.length} paid in ${round(burstSeconds, 2)} s = ${donationsPerSec}/s (create + sandbox pay + notification, then a replay each); p50 ${round(percentile(latencies, 50))} ms, p99 ${round(percentile(latencies, 99))} ms; failures ${JSON.stringify(failures)}; replays ${JSON.stringify(replayStatuses)}`);
    console.log(`tally ${tally.raisedFen} fen / ${tally.donorCount} donors; expected ${expectedRaised}; ledger ${ledgerRaised} in ${ledgerPaid.length} entries; donations stored ${storedDonations}`);
    if (storeCommands) {
      console.log(`store commands in the burst: ${storeCommands.perUnit} per paid gift`);
      for (const c of storeCommands.commands) console.log(`  ${c.command}: ${c.count} (${c.perUnit}/gift, ${c.items} items, mean ${c.meanMs} ms, total ${c.totalMs} ms${c.failed ? `, ${c.failed} failed` : ''})`);
    }
    console.log(`fanout to ${watchers.connected} watchers: burst p50 ${burst.p50} ms p99 ${burst.p99} ms (${burst.count} samples); idle p50 ${idle.p50} ms p99 ${idle.p99} ms (${idle.count} samples)`);
    console.log(JSON.stringify({
      store: services.mongoUri.includes('27017') ? 'ferretdb-sqlite (project default)' : 'configured',
      donations: gifts.length, concurrency: CONCURRENCY, seconds: round(burstSeconds, 2),
      donationsPerSec, p50Ms: round(percentile(latencies, 50)), p99Ms: round(percentile(latencies, 99)),
      barePerSec: bareRun.perSecond, bareRatio: round(donationsPerSec / bareRun.perSecond, 4),
      storeCommandsPerGift: storeCommands?.perUnit ?? null, cpuMsPerGift, tallyExact, duplicates, failures: Object.values(failures).reduce((a, b) => a + b, 0), replays: replayStatuses,
      sockets: watchers.connected, fanoutP50Ms: burst.p50, fanoutP99Ms: burst.p99, fanoutMaxMs: burst.max,
      fanoutIdleP50Ms: idle.p50, fanoutIdleP99Ms: idle.p99,
    }));
  } finally {
    for (const child of children) child.kill();
    await client.agent.close();
    await closeDonors();
    bareServer.close();
    await runtime.close();
    await dropTestState(config);
    await services.stop();
  }
}

main().then(() => process.exit(0), (error: unknown) => {
  console.error(error);
  process.exit(1);
});
