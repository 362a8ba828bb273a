// Redis: PING over RESP (no client library) and launching redis-server.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { freePort, portInUse, sleep, stopPid, tail } from './process.mjs';

const MISSING = 'redis-server not found on PATH: install it with "sudo apt-get install redis-server" (or set REDIS_URL).';

const resp = (...args) => `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;

/** Resolves true if the Redis at `url` (redis:// or rediss://, optional user/password) answers PING. */
export function redisPing(url, { timeoutMs = 2000 } = {}) {
  return new Promise((resolve) => {
    let u;
    try { u = new URL(url); } catch { resolve(false); return; }
    const host = u.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1';
    const port = Number(u.port || 6379);
    const commands = [];
    if (u.password) {
      const auth = u.username ? [decodeURIComponent(u.username)] : [];
      commands.push(resp('AUTH', ...auth, decodeURIComponent(u.password)));
    }
    commands.push(resp('PING'));
    const socket = u.protocol === 'rediss:' ? tls.connect({ host, port, servername: host }) : net.connect({ host, port });
    let data = '';
    const done = (ok) => { socket.destroy(); resolve(ok); };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.on('error', () => done(false));
    socket.on('close', () => done(false)); // closed before a full reply
    socket.once(u.protocol === 'rediss:' ? 'secureConnect' : 'connect', () => socket.write(commands.join('')));
    socket.on('data', (chunk) => {
      data += chunk;
      const replies = data.split('\r\n').slice(0, -1); // AUTH and PING reply with single lines
      if (replies.length >= commands.length) done(replies[commands.length - 1] === '+PONG');
    });
  });
}

/** Waits until redis://127.0.0.1:<port> answers PING; throws with the log tail on timeout. */
async function waitForRedis(port, logFile, isDead = () => false, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await redisPing(`redis://127.0.0.1:${port}`, { timeoutMs: 1000 }))) {
    if (isDead() || Date.now() > deadline) {
      throw new Error(`redis-server on port ${port} did not answer PING. Last lines of ${logFile}:\n${tail(logFile)}`);
    }
    await sleep(100);
  }
}

/**
 * Starts a daemonized redis-server (the managed one for `npm run services up`).
 * Returns the PID read from `pidFile`.
 */
export async function launchDaemonRedis({ port, pidFile, logFile, dir }) {
  fs.mkdirSync(path.dirname(pidFile), { recursive: true });
  fs.rmSync(pidFile, { force: true });
  const args = ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no', '--daemonize', 'yes'];
  args.push('--pidfile', pidFile, '--logfile', logFile, '--dir', dir);
  const r = spawnSync('redis-server', args, { encoding: 'utf8' });
  if (r.error?.code === 'ENOENT') throw new Error(MISSING);
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`redis-server failed to start:\n${r.stderr || r.stdout}\n${tail(logFile)}`);
  await waitForRedis(port, logFile);
  for (let i = 0; i < 50 && !fs.existsSync(pidFile); i++) await sleep(100);
  return Number.parseInt(fs.readFileSync(pidFile, 'utf8'), 10);
}

/** Starts a throwaway redis-server (for tests) on `port` (default: a free one). */
export async function startRedis({ port } = {}) {
  port ??= await freePort();
  if (await portInUse(port)) throw new Error(`Cannot start redis-server: port ${port} is already in use.`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tongxin-redis-'));
  const logFile = path.join(tmp, 'redis.log');
  const args = ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no'];
  const child = spawn('redis-server', [...args, '--dir', tmp, '--logfile', logFile], { stdio: 'ignore' });
  let dead = null;
  child.on('error', (err) => { dead = err; });
  child.on('exit', (code) => { dead ??= new Error(`exited with code ${code}`); });
  child.unref();
  const kill = () => {
    try { process.kill(child.pid, 'SIGKILL'); } catch { /* gone */ }
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  try {
    await waitForRedis(port, logFile, () => dead);
  } catch (err) {
    kill();
    throw dead?.code === 'ENOENT' ? new Error(MISSING) : err;
  }
  process.once('exit', kill); // never leave a test instance behind
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    pid: child.pid,
    async stop() {
      process.removeListener('exit', kill);
      await stopPid(child.pid);
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}
