// FerretDB: install (build from source with Go) and launch.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mongoPing } from './mongo-ping.mjs';
import { TOOLS_DIR, freePort, portInUse, sleep, stopPid, tail, withLock } from './process.mjs';

export const FERRETDB_VERSION = 'v1.24.2';
export const FERRETDB_BIN = path.join(TOOLS_DIR, 'bin', 'ferretdb');
const MODULE = 'github.com/FerretDB/FerretDB';
const SRC_DIR = path.join(TOOLS_DIR, 'src', `ferretdb-${FERRETDB_VERSION}`);
const DEFAULT_PG_URL = 'postgres://postgres@127.0.0.1:5432/tongxin_ferretdb';

/** Backend from TONGXIN_STORE_BACKEND (sqlite | postgresql, default sqlite). */
export function storeBackend(value = process.env.TONGXIN_STORE_BACKEND) {
  const backend = (value || 'sqlite').toLowerCase();
  if (backend !== 'sqlite' && backend !== 'postgresql') {
    throw new Error(`TONGXIN_STORE_BACKEND must be "sqlite" or "postgresql", got "${value}".`);
  }
  return backend;
}

/** PostgreSQL URL for FerretDB; `database` replaces the database name if given. */
export function postgresUrl(database) {
  const url = new URL(process.env.TONGXIN_POSTGRESQL_URL || DEFAULT_PG_URL);
  if (database) url.pathname = `/${database}`;
  return url.toString();
}

function installedOk() {
  const r = spawnSync(FERRETDB_BIN, ['--version'], { encoding: 'utf8', timeout: 15_000 });
  return r.status === 0 && r.stdout.includes(`version: ${FERRETDB_VERSION}`);
}

function go(args, cwd) {
  const r = spawnSync('go', args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error?.code === 'ENOENT') {
    throw new Error(
      'Go is required to build FerretDB but "go" is not on PATH.\n' +
        'Install Go >= 1.24 from https://go.dev/dl/ (e.g. extract to /usr/local/go and add /usr/local/go/bin to PATH),\n' +
        'or set MONGODB_URI to use an existing MongoDB-compatible server instead.',
    );
  }
  if (r.error) throw r.error;
  return r;
}

/**
 * Makes sure .tools/bin/ferretdb is FerretDB v1.24.2, building it from source if needed.
 * The module zip lacks build/version/version.txt (the binary panics without it), so the
 * sources are copied out of the module cache and the file is written before building.
 */
export async function ensureFerretDbBinary({ log = console.log } = {}) {
  if (installedOk()) return FERRETDB_BIN;
  return withLock(path.join(TOOLS_DIR, 'ferretdb-build.lock'), async () => {
    if (installedOk()) return FERRETDB_BIN; // built by a concurrent caller meanwhile
    fs.mkdirSync(path.dirname(FERRETDB_BIN), { recursive: true });
    go(['version'], TOOLS_DIR); // fails early with install instructions when Go is missing
    log(`FerretDB ${FERRETDB_VERSION} not found in .tools/bin; downloading sources with Go...`);
    const dl = go(['mod', 'download', '-json', `${MODULE}@${FERRETDB_VERSION}`], TOOLS_DIR);
    let info = {};
    try { info = JSON.parse(dl.stdout); } catch { /* reported below */ }
    if (dl.status !== 0 || !info.Dir) {
      throw new Error(`go mod download failed: ${info.Error || dl.stderr || dl.stdout}`);
    }
    if (fs.existsSync(SRC_DIR)) {
      spawnSync('chmod', ['-R', 'u+w', SRC_DIR]);
      fs.rmSync(SRC_DIR, { recursive: true, force: true });
    }
    fs.cpSync(info.Dir, SRC_DIR, { recursive: true });
    spawnSync('chmod', ['-R', 'u+w', SRC_DIR]); // module cache files are read-only
    fs.writeFileSync(path.join(SRC_DIR, 'build', 'version', 'version.txt'), `${FERRETDB_VERSION}\n`);
    log(`Building FerretDB ${FERRETDB_VERSION} (takes about 2 minutes on 2 cores)...`);
    const started = Date.now();
    const tmp = `${FERRETDB_BIN}.tmp-${process.pid}`;
    const build = go(['build', '-trimpath', '-buildvcs=false', '-o', tmp, './cmd/ferretdb'], SRC_DIR);
    if (build.status !== 0) {
      fs.rmSync(tmp, { force: true });
      throw new Error(`Building FerretDB failed:\n${build.stderr || build.stdout}`);
    }
    fs.renameSync(tmp, FERRETDB_BIN);
    if (!installedOk()) throw new Error(`Built ${FERRETDB_BIN} but "--version" does not report ${FERRETDB_VERSION}.`);
    log(`Built FerretDB ${FERRETDB_VERSION} in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    return FERRETDB_BIN;
  }, { log });
}

function psql(pgUrl, args) {
  const u = new URL(pgUrl);
  const base = ['-h', u.hostname, '-p', u.port || '5432', '-U', decodeURIComponent(u.username || 'postgres'), '-d', 'postgres'];
  const env = { ...process.env, ...(u.password ? { PGPASSWORD: decodeURIComponent(u.password) } : {}) };
  const r = spawnSync('psql', [...base, '-v', 'ON_ERROR_STOP=1', '-tAc', ...args], { encoding: 'utf8', env });
  if (r.error?.code === 'ENOENT') throw new Error('psql not found: install it with "apt-get install postgresql-client".');
  if (r.status !== 0) throw new Error(`psql failed (${u.hostname}:${u.port || 5432}): ${r.stderr.trim()}`);
  return r.stdout.trim();
}

/** Creates the PostgreSQL database named in `pgUrl` if it does not exist. */
export function ensurePgDatabase(pgUrl) {
  const db = decodeURIComponent(new URL(pgUrl).pathname.slice(1));
  if (!/^\w+$/.test(db)) throw new Error(`Unsupported PostgreSQL database name "${db}".`);
  if (psql(pgUrl, [`SELECT 1 FROM pg_database WHERE datname = '${db}'`]) !== '1') psql(pgUrl, [`CREATE DATABASE ${db}`]);
}

export function dropPgDatabase(pgUrl) {
  psql(pgUrl, [`DROP DATABASE IF EXISTS ${new URL(pgUrl).pathname.slice(1)}`]);
}

/** Command-line flags for FerretDB. The debug HTTP listener is disabled ("-"). */
export function ferretDbArgs({ port, backend, dataDir, stateDir, pgUrl }) {
  const store =
    backend === 'postgresql'
      ? ['--handler=postgresql', `--postgresql-url=${pgUrl}`]
      : ['--handler=sqlite', `--sqlite-url=file:${dataDir}/`];
  return [
    ...store,
    `--listen-addr=127.0.0.1:${port}`,
    '--telemetry=disable',
    '--debug-addr=-',
    `--state-dir=${stateDir}`,
    '--log-level=warn',
  ];
}

/**
 * Spawns FerretDB with `args`, logging to `logFile`, and waits until it answers a ping.
 * Returns the ChildProcess; kills it and throws (with the log tail) on failure.
 */
export async function launchFerretDb({ args, port, logFile, detached = false, timeoutMs = 30_000 }) {
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const fd = fs.openSync(logFile, 'w');
  const child = spawn(FERRETDB_BIN, args, { detached, stdio: ['ignore', fd, fd] });
  fs.closeSync(fd);
  let exited = null;
  child.on('exit', (code, signal) => { exited = signal || `code ${code}`; });
  child.on('error', (err) => { exited = err.message; });
  const deadline = Date.now() + timeoutMs;
  while (!(await mongoPing({ port, timeoutMs: 1000 }))) {
    if (exited || Date.now() > deadline) {
      if (!exited) await stopPid(child.pid);
      const why = exited ? `exited (${exited})` : `did not answer a ping within ${timeoutMs / 1000} s`;
      throw new Error(`FerretDB on port ${port} ${why}. Last lines of ${logFile}:\n${tail(logFile)}`);
    }
    await sleep(100);
  }
  child.unref(); // do not keep the caller's event loop alive
  return child;
}

/**
 * Starts a throwaway FerretDB (for tests) on `port` (default: a free one).
 * State and log go to a temp dir; `dataDir` defaults to it as well (sqlite).
 * With backend "postgresql" a database tongxin_ferretdb_t<port> is created and dropped on stop().
 */
export async function startFerretDb({ port, dataDir, backend, log = () => {} } = {}) {
  backend = storeBackend(backend);
  await ensureFerretDbBinary({ log });
  port ??= await freePort();
  if (await portInUse(port)) throw new Error(`Cannot start FerretDB: port ${port} is already in use.`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tongxin-ferretdb-'));
  dataDir ??= path.join(tmp, 'data');
  const stateDir = path.join(tmp, 'state');
  fs.mkdirSync(dataDir, { recursive: true });
  fs.mkdirSync(stateDir, { recursive: true });
  const pgUrl = backend === 'postgresql' ? postgresUrl(`tongxin_ferretdb_t${port}`) : undefined;
  if (pgUrl) ensurePgDatabase(pgUrl);
  const args = ferretDbArgs({ port, backend, dataDir, stateDir, pgUrl });
  let child;
  const kill = () => {
    try { process.kill(child.pid, 'SIGKILL'); } catch { /* gone */ }
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  try {
    child = await launchFerretDb({ args, port, logFile: path.join(tmp, 'ferretdb.log') });
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  process.once('exit', kill); // never leave a test instance behind
  return {
    uri: `mongodb://127.0.0.1:${port}/`,
    port,
    pid: child.pid,
    async stop() {
      process.removeListener('exit', kill);
      await stopPid(child.pid);
      if (pgUrl) dropPgDatabase(pgUrl);
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}
