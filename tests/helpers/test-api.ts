import type { AddressInfo } from 'node:net';
import type { Config } from '../../server/src/config/config';
import { createApiRuntime, type ApiRuntime } from '../../server/src/runtime';
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

/** Starts the real API (store, Redis, queues, sockets) on an ephemeral loopback port. */
export async function startTestApi(overrides: Record<string, string> = {}, config = testConfig(overrides)): Promise<TestApi> {
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
