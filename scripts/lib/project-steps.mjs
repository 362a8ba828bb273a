// Steps shared by `npm start` and `npm test`. Plain Node.js: they run before dependencies exist.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export function run(command, args, options = {}) {
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit', ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
  }
  return Date.now() - started;
}

/** Installs dependencies exactly as locked when they are missing or older than the lock file. */
export function ensureDependencies(log) {
  const marker = path.join(repoRoot, 'node_modules', '.package-lock.json');
  const lock = path.join(repoRoot, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  log('installing dependencies (npm ci)…');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

/** Compiles shared and server (incremental; also the type check of both). */
export function buildServer(log) {
  log('compiling shared and server…');
  run('npx', ['tsc', '-b', 'server/tsconfig.build.json']);
}

export const h5Dir = path.join(repoRoot, 'client', 'dist', 'h5');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** True when `built` is missing or older than the client's or shared's sources. */
function clientBuildStale(built) {
  const sources = ['client/src', 'client/config', 'shared/src'].map((d) => newestMtime(path.join(repoRoot, d)));
  return !existsSync(built) || statSync(built).mtimeMs < Math.max(...sources);
}

/** Builds the H5 site when it is missing or older than the client's or shared's sources. */
export function buildH5IfStale(log) {
  if (!clientBuildStale(path.join(h5Dir, 'index.html'))) return;
  log('building the H5 site (about 20 s)…');
  run('npm', ['run', 'build:h5', '-w', 'client']);
}

/** Builds the mini-program when it is missing or stale; its build prints and enforces the main-package budget. */
export function buildWeappIfStale(log) {
  if (!clientBuildStale(path.join(repoRoot, 'client', 'dist', 'weapp', 'app.json'))) return;
  log('building the mini-program (a few minutes on a loaded 2-core machine)…');
  run('npm', ['run', 'build:weapp', '-w', 'client']);
}
