// Programmatic API for the local backing services (document store + Redis).
// Used by scripts/services.mjs (CLI) and by the test setup.
import fs from 'node:fs';
import path from 'node:path';
import {
  FERRETDB_BIN, ensureFerretDbBinary, ensurePgDatabase, ferretDbArgs, launchFerretDb, postgresUrl, storeBackend,
} from './ferretdb.mjs';
import { mongoPing } from './mongo-ping.mjs';
import { DATA_DIR, RUN_DIR, cmdline, ownedPid, portInUse, stopPid, withLock } from './process.mjs';
import { launchDaemonRedis, redisPing } from './redis.mjs';

export { freePort } from './process.mjs';
export { startFerretDb } from './ferretdb.mjs';
export { startRedis, redisPing } from './redis.mjs';
export { mongoPing } from './mongo-ping.mjs';

const FILES = {
  ferretPid: path.join(RUN_DIR, 'ferretdb.pid'),
  ferretLog: path.join(RUN_DIR, 'ferretdb.log'),
  redisPid: path.join(RUN_DIR, 'redis.pid'),
  redisLog: path.join(RUN_DIR, 'redis.log'),
  state: path.join(RUN_DIR, 'services.json'),
};
const SHARED_REDIS = 'redis://127.0.0.1:6379';

/** { host, port } of the first host in a mongodb:// URI; null for mongodb+srv:// or unparsable URIs. */
export function mongoTarget(uri) {
  const hostPort = /^mongodb:\/\/(?:[^@/]*@)?([^/?,]+)/.exec(uri)?.[1];
  const m = hostPort && (/^\[(.+)\](?::(\d+))?$/.exec(hostPort) || /^([^:]+)(?::(\d+))?$/.exec(hostPort));
  return m ? { host: m[1], port: Number(m[2] || 27017) } : null;
}

/** Hides a password in a URI for messages. */
const redact = (uri) => uri.replace(/\/\/([^@/:]*):[^@/]*@/, '//$1:***@');

const ferretPid = () => ownedPid(FILES.ferretPid, 'ferretdb');
const redisPid = () => ownedPid(FILES.redisPid, 'redis-server');

async function ensureStore(log) {
  const external = process.env.MONGODB_URI;
  if (external) {
    const target = mongoTarget(external);
    if (!target) log(`MONGODB_URI is set (${redact(external)}); cannot ping this URI form, using it as is.`);
    else if (!(await mongoPing(target))) {
      throw new Error(`MONGODB_URI=${redact(external)} does not answer a MongoDB ping. Start that server or unset MONGODB_URI to use a local FerretDB.`);
    }
    return { uri: external, managed: false, startedNow: false };
  }
  const backend = storeBackend();
  const port = Number(process.env.TONGXIN_STORE_PORT || 27017);
  const uri = `mongodb://127.0.0.1:${port}/`;
  await ensureFerretDbBinary({ log });
  return withLock(path.join(RUN_DIR, 'ferretdb.lock'), async () => {
    const pgUrl = backend === 'postgresql' ? postgresUrl() : undefined;
    const dataDir = path.join(DATA_DIR, 'ferretdb');
    const stateDir = path.join(DATA_DIR, 'ferretdb-state');
    const args = ferretDbArgs({ port, backend, dataDir, stateDir, pgUrl });
    const pid = ferretPid();
    if (pid) {
      const running = cmdline(pid).slice(1).join(' ');
      if (running !== args.join(' ')) {
        throw new Error(`FerretDB (PID ${pid}) is already running with other settings:\n  ${running}\n` +
          'Run "npm run services down" first, then "up" again.');
      }
      if (await mongoPing({ port })) return { uri, managed: true, startedNow: false, pid };
      log(`FerretDB (PID ${pid}) does not answer a ping; restarting it.`);
      await stopPid(pid);
    }
    if (await portInUse(port)) {
      const hint = (await mongoPing({ port }))
        ? `a MongoDB-compatible server not started by us. Set MONGODB_URI=mongodb://127.0.0.1:${port}/ to use it, or`
        : 'another process. Stop it, or';
      throw new Error(`Port ${port} is already used by ${hint} set TONGXIN_STORE_PORT to a free port for our FerretDB.`);
    }
    if (pgUrl) ensurePgDatabase(pgUrl);
    fs.mkdirSync(dataDir, { recursive: true });
    fs.mkdirSync(stateDir, { recursive: true });
    log(`Starting FerretDB (${backend}) on 127.0.0.1:${port}...`);
    const t0 = Date.now();
    const child = await launchFerretDb({ args, port, logFile: FILES.ferretLog, detached: true });
    fs.writeFileSync(FILES.ferretPid, `${child.pid}\n`);
    log(`FerretDB answered ping after ${Date.now() - t0} ms (PID ${child.pid}, log .run/ferretdb.log).`);
    return { uri, managed: true, startedNow: true, pid: child.pid };
  });
}

async function ensureRedis(log) {
  const external = process.env.REDIS_URL;
  if (external) {
    if (await redisPing(external)) return { url: external, managed: false, startedNow: false };
    log(`Warning: REDIS_URL=${redact(external)} does not answer PING; falling back to a local Redis.`);
  }
  return withLock(path.join(RUN_DIR, 'redis.lock'), async () => {
    const pid = redisPid();
    const port = Number(process.env.TONGXIN_REDIS_PORT || 6379);
    if (pid) {
      // The daemon renames itself to "redis-server 127.0.0.1:<port>".
      const ownPort = Number(/:(\d+)/.exec(cmdline(pid).join(' '))?.[1]);
      const url = `redis://127.0.0.1:${ownPort}`;
      if (ownPort && (await redisPing(url))) return { url, managed: true, startedNow: false, pid };
      log(`Redis (PID ${pid}) does not answer PING; restarting it.`);
      await stopPid(pid);
    }
    if (await redisPing(SHARED_REDIS)) return { url: SHARED_REDIS, managed: false, startedNow: false };
    if (await portInUse(port)) {
      throw new Error(`Port ${port} is used by something that does not answer Redis PING; set TONGXIN_REDIS_PORT or REDIS_URL.`);
    }
    log(`Starting redis-server on 127.0.0.1:${port}...`);
    const newPid = await launchDaemonRedis({ port, pidFile: FILES.redisPid, logFile: FILES.redisLog, dir: RUN_DIR });
    return { url: `redis://127.0.0.1:${port}`, managed: true, startedNow: true, pid: newPid };
  });
}

function writeState(state) {
  fs.mkdirSync(RUN_DIR, { recursive: true });
  fs.writeFileSync(FILES.state, `${JSON.stringify(state, null, 2)}\n`);
}

/**
 * Makes sure the store and Redis are reachable (starting FerretDB / redis-server if needed)
 * and writes .run/services.json. `started` says which services this tooling manages (PID files);
 * `startedNow` which ones this very call launched.
 */
export async function servicesUp({ log = console.log } = {}) {
  fs.mkdirSync(RUN_DIR, { recursive: true });
  const store = await ensureStore(log);
  let redis;
  try {
    redis = await ensureRedis(log);
  } catch (err) {
    if (store.startedNow) await stopPid(store.pid);
    throw err;
  }
  const state = { mongoUri: store.uri, redisUrl: redis.url, started: { ferretdb: store.managed, redis: redis.managed } };
  writeState(state);
  return { ...state, startedNow: { ferretdb: store.startedNow, redis: redis.startedNow }, pids: { ferretdb: store.pid ?? null, redis: redis.pid ?? null } };
}

/**
 * Stops the FerretDB / redis-server this tooling started (by PID file), never anything else.
 * `ferretdb` / `redis`: true (stop it), false (leave it), or a PID (stop only if that PID still runs it).
 */
export async function servicesDown({ log = console.log, ferretdb = true, redis = true } = {}) {
  const stopped = { ferretdb: null, redis: null };
  for (const [name, enabled, pidOf, pidFile] of [
    ['ferretdb', ferretdb, ferretPid, FILES.ferretPid],
    ['redis', redis, redisPid, FILES.redisPid],
  ]) {
    if (!enabled) continue;
    await withLock(path.join(RUN_DIR, `${name}.lock`), async () => {
      const pid = pidOf();
      if (!pid || (typeof enabled === 'number' && enabled !== pid)) return;
      log(`Stopping ${name} (PID ${pid})...`);
      await stopPid(pid);
      fs.rmSync(pidFile, { force: true });
      stopped[name] = pid;
    });
  }
  if ((ferretdb && redis) || stopped.ferretdb || stopped.redis) fs.rmSync(FILES.state, { force: true });
  return stopped;
}

/** What runs: managed PIDs, the URIs from .run/services.json and whether they answer. */
export async function servicesStatus() {
  let state = null;
  try { state = JSON.parse(fs.readFileSync(FILES.state, 'utf8')); } catch { /* not up */ }
  const fPid = ferretPid();
  const rPid = redisPid();
  const mongoUri = state?.mongoUri ?? process.env.MONGODB_URI ?? null;
  const redisUrl = state?.redisUrl ?? process.env.REDIS_URL ?? null;
  const target = mongoUri && mongoTarget(mongoUri);
  return {
    ferretdb: {
      managedPid: fPid, binary: fs.existsSync(FERRETDB_BIN) ? FERRETDB_BIN : null,
      args: fPid ? cmdline(fPid).slice(1) : null, uri: mongoUri, answers: target ? await mongoPing(target) : null,
    },
    redis: { managedPid: rPid, url: redisUrl, answers: redisUrl ? await redisPing(redisUrl) : null },
    state,
  };
}

/**
 * For test setup: ensures services and returns { mongoUri, redisUrl, stop() }.
 * stop() stops only what this call started.
 */
export async function ensureServices({ log = console.log } = {}) {
  const up = await servicesUp({ log });
  return {
    mongoUri: up.mongoUri,
    redisUrl: up.redisUrl,
    async stop() {
      const pid = (name) => (up.startedNow[name] ? up.pids[name] : false);
      if (pid('ferretdb') || pid('redis')) await servicesDown({ log, ferretdb: pid('ferretdb'), redis: pid('redis') });
    },
  };
}
