// Process, PID file, port and lock helpers shared by the service scripts.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const RUN_DIR = path.join(REPO_ROOT, '.run');
export const TOOLS_DIR = path.join(REPO_ROOT, '.tools');
export const DATA_DIR = path.join(REPO_ROOT, '.data');

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Returns a TCP port that is free on 127.0.0.1 right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** True if something accepts TCP connections on host:port. */
export function portInUse(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (used) => { socket.destroy(); resolve(used); };
    socket.setTimeout(1000, () => done(true));
    socket.on('connect', () => done(true));
    socket.on('error', () => done(false));
  });
}

export function isAlive(pid) {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/** Command line of a running process as an array ([] if unknown / gone). */
export function cmdline(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return [];
  }
}

export function readPid(file) {
  try {
    const pid = Number.parseInt(fs.readFileSync(file, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/**
 * PID from `file` if that process is alive and its command line contains `marker`
 * (guards against PID reuse); removes a stale PID file and returns null otherwise.
 */
export function ownedPid(file, marker) {
  const pid = readPid(file);
  if (pid && isAlive(pid) && cmdline(pid).some((arg) => arg.includes(marker))) return pid;
  if (pid) fs.rmSync(file, { force: true });
  return null;
}

/** SIGTERM, wait up to `timeoutMs`, then SIGKILL. Resolves when the process is gone. */
export async function stopPid(pid, { timeoutMs = 10_000 } = {}) {
  if (!isAlive(pid)) return;
  try { process.kill(pid, 'SIGTERM'); } catch { return; }
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid) && !isZombie(pid) && Date.now() < deadline) await sleep(100);
  if (isAlive(pid) && !isZombie(pid)) {
    try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ }
    while (isAlive(pid) && !isZombie(pid)) await sleep(50);
  }
}

// A child of this very process that exited but was not reaped yet still "exists".
function isZombie(pid) {
  try {
    return /\)\s+Z\s/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

export function tail(file, lines = 30) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log file)';
  }
}

/**
 * Runs `fn` while holding an exclusive lock (a directory created with mkdir).
 * A lock whose owner PID is dead, or that is older than `staleMs`, is taken over.
 */
export async function withLock(lockDir, fn, { waitMs = 15 * 60_000, staleMs = 15 * 60_000, log } = {}) {
  fs.mkdirSync(path.dirname(lockDir), { recursive: true });
  const ownerFile = path.join(lockDir, 'owner');
  const deadline = Date.now() + waitMs;
  let announced = false;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(ownerFile, String(process.pid));
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
    }
    const owner = readPid(ownerFile);
    let age = 0;
    try { age = Date.now() - fs.statSync(lockDir).mtimeMs; } catch { continue; }
    // No owner file yet: the holder is between mkdir and writeFile; give it 5 s.
    if ((owner && !isAlive(owner)) || (!owner && age > 5000) || age > staleMs) {
      fs.rmSync(lockDir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for lock ${lockDir} (held by PID ${owner}).`);
    if (!announced && log) log(`Waiting for ${path.basename(lockDir)} (held by PID ${owner})...`);
    announced = true;
    await sleep(250);
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}
