import type { AddressInfo } from 'node:net';
import type { Config } from '../../server/src/config/config';
import { createApiRuntime, type ApiRuntime } from '../../server/src/runtime';
import { freePort, spawnApi, spawnWorker } from './api-process';
import { startRoundRobinProxy } from './round-robin-proxy';
import { dropTestState } from './test-state';
import { testConfig } from './test-config';

export interface TestApi {
  runtime: ApiRuntime;
  config: Config;
  /** http://127.0.0.1:<ephemeral port> */
  url: string;
  /** Closes the runtime and removes this file's database and Redis keys. */
  stop(): Promise<void>;
}

/**
 * Starts the real API (store, Redis, queues, sockets) on an ephemeral loopback port.
 *
 * With `TONGXIN_TEST_TOPOLOGY=replicas` the test gets the production shape instead (`npm test` runs
 * the realtime, donation and reminder tests that way too): this in-process API without workers, a
 * second API process and a worker process, all behind a round-robin TCP proxy whose address is
 * `url`. `runtime` is still the in-process replica, for tests that look inside.
 */
export async function startTestApi(overrides: Record<string, string> = {}, config = testConfig(overrides)): Promise<TestApi> {
  if (process.env.TONGXIN_TEST_TOPOLOGY === 'replicas') return startReplicatedApi({ ...config, WORKERS_IN_PROCESS: false });
  const runtime = await createApiRuntime(config);
  await new Promise<void>((resolve) => runtime.httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = runtime.httpServer.address() as AddressInfo;
  return {
    runtime,
    config,
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      await runtime.close();
      await dropTestState(config);
    },
  };
}

async function startReplicatedApi(config: Config): Promise<TestApi> {
  const runtime = await createApiRuntime(config);
  await new Promise<void>((resolve) => runtime.httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = runtime.httpServer.address() as AddressInfo;
  const [replica, worker] = await Promise.all([spawnApi(config, await freePort()), spawnWorker(config)]);
  const proxy = await startRoundRobinProxy([`http://127.0.0.1:${port}`, replica.url]);
  return {
    runtime,
    config,
    url: proxy.url,
    stop: async () => {
      await proxy.close();
      replica.child.kill('SIGTERM');
      worker.child.kill('SIGTERM');
      await Promise.all([replica.exited, worker.exited]);
      await runtime.close();
      await dropTestState(config);
    },
  };
}
