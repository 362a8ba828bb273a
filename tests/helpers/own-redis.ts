import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './api-process';
import { eventually } from './eventually';

export interface OwnRedis {
  url: string;
  /** SIGSTOP: the socket stays open and nothing answers, like a Redis stuck in a long fork or swap. */
  pause(): void;
  resume(): void;
  /** Kills the server with `signal` and starts it again on the same port and data directory. */
  restart(signal: NodeJS.Signals, downMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * PING over a bare socket, destroyed as soon as it answers or fails. (An ioredis probe was used before:
 * `disconnect()` on one whose connect had been refused arms ioredis's 2 s disconnect timer on the
 * already-closed socket, whose 'close' never comes again; the last refused probe of a restart kept
 * jest alive after the run: "Jest did not exit one second after the test run has completed".)
 */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    // Redis answers +PONG, or -LOADING while it replays the append-only file.
    socket.once('data', (reply: Buffer) => done(reply.toString('latin1').startsWith('+PONG')));
  });
}

/**
 * A redis-server of the test's own, with the persistence production needs (see README "Redis in
 * production"): append-only file, fsync every second, no eviction.
 */
export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongxin-redis-aof-'));
  const args = ['--bind', '127.0.0.1', '--port', String(port), '--dir', dir, '--save', '',
    '--appendonly', 'yes', '--appendfsync', 'everysec', '--maxmemory-policy', 'noeviction', '--logfile', path.join(dir, 'redis.log')];
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess;
  const launch = async () => {
    child = spawn('redis-server', args, { stdio: 'ignore' });
    await eventually(async () => {
      if (!(await answersPing(port))) throw new Error('no PONG');
    }, 15_000, 100);
  };
  const kill = async (signal: NodeJS.Signals) => {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGCONT');
    child.kill(signal);
    await exited;
  };
  await launch();
  return {
    url,
    pause: () => child.kill('SIGSTOP'),
    resume: () => child.kill('SIGCONT'),
    restart: async (signal, downMs = 1000) => {
      await kill(signal);
      await new Promise((resolve) => setTimeout(resolve, downMs));
      await launch();
    },
    stop: async () => {
      await kill('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
