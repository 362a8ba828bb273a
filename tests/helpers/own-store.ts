import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { freePort } from './api-process';
import { eventually } from './eventually';

/** Built by the project's scripts (`scripts/lib/ferretdb.mjs`); jest's global setup makes sure it exists. */
const FERRETDB_BIN = path.resolve(__dirname, '../../.tools/bin/ferretdb');

export interface OwnStore {
  uri: string;
  /** Kills FerretDB with `signal` and starts it again on the same port and SQLite files. */
  restart(signal: NodeJS.Signals, downMs?: number): Promise<void>;
  kill(signal: NodeJS.Signals): Promise<void>;
  launch(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A FerretDB of the test's own (SQLite backend in a temp folder), for tests that stop the store.
 * The flags are those `scripts/lib/ferretdb.mjs` starts the shared one with.
 */
export async function startOwnStore(): Promise<OwnStore> {
  if (!fs.existsSync(FERRETDB_BIN)) throw new Error(`${FERRETDB_BIN} is missing: run "npm run services -- up" once to build it`);
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongxin-own-store-'));
  for (const sub of ['data', 'state']) fs.mkdirSync(path.join(dir, sub));
  const args = [
    '--handler=sqlite', `--sqlite-url=file:${path.join(dir, 'data')}/`, `--listen-addr=127.0.0.1:${port}`,
    '--telemetry=disable', '--debug-addr=-', `--state-dir=${path.join(dir, 'state')}`, '--log-level=error',
  ];
  const uri = `mongodb://127.0.0.1:${port}/`;
  let child: ChildProcess | undefined;
  const launch = async () => {
    child = spawn(FERRETDB_BIN, args, { stdio: 'ignore' });
    await eventually(async () => {
      const probe = mongoose.createConnection(uri, { serverSelectionTimeoutMS: 500 });
      try {
        await probe.asPromise();
        await probe.db!.admin().ping();
      } finally {
        await probe.close();
      }
    }, 20_000, 100);
  };
  const kill = async (signal: NodeJS.Signals) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill(signal);
    await exited;
  };
  await launch();
  return {
    uri,
    kill,
    launch,
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
