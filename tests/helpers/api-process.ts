import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import type { Config } from '../../server/src/config/config';
import { eventually } from './eventually';

const API_ENTRY = path.resolve(__dirname, '../../server/dist/entry-points/api.js');
/** A process loading every module takes seconds on a quiet machine and far longer on a loaded 2-core one. */
const START_TIMEOUT_MS = 60_000;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export interface ApiProcess {
  url: string;
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

/** Runs the compiled API entry point as a real process (built by `npm test` before jest starts). */
export async function spawnApi(config: Config, port: number): Promise<ApiProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [key, value] of Object.entries(config)) env[key] = String(value);
  env.PORT = String(port);
  const child = spawn(process.execPath, [API_ENTRY], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  const url = `http://127.0.0.1:${port}`;
  await eventually(async () => {
    const res = await fetch(`${url}/readyz`);
    if (res.status !== 200) throw new Error(`not ready: ${res.status}`);
  }, START_TIMEOUT_MS, 100);
  return { url, child, exited };
}

const WORKER_ENTRY = path.resolve(__dirname, '../../server/dist/entry-points/worker.js');

export interface WorkerProcess {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

/**
 * Runs the compiled worker entry point as a real process; resolves once it logs that its workers run.
 * `nodeOptions` go before the entry point (`--inspect=…`, which NODE_OPTIONS would refuse for some flags).
 */
export async function spawnWorker(config: Config, nodeOptions: readonly string[] = []): Promise<WorkerProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [key, value] of Object.entries(config)) env[key] = String(value);
  env.LOG_LEVEL = 'info';
  const child = spawn(process.execPath, [...nodeOptions, WORKER_ENTRY], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
    let seen = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      if (seen.includes('workers running')) return;
      seen += chunk.toString('utf8');
      if (seen.includes('workers running')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`worker exited with ${code} before starting`)));
  });
  child.stdout!.resume();
  return { child, exited };
}
