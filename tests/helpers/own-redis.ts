import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
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
      const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      probe.on('error', () => undefined); // refused until the server listens: connect() rejects, which is the answer
      try {
        await probe.connect();
        if ((await probe.ping()) !== 'PONG') throw new Error('no PONG');
      } finally {
        probe.disconnect();
      }
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
