import { loadConfig } from '../config/config';
import { createLogger } from '../platform/logger';
import { onShutdownSignal } from '../platform/shutdown';
import { createWorkerRuntime } from '../runtime';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const runtime = await createWorkerRuntime(config, logger);
  onShutdownSignal(runtime.close, logger, config.SHUTDOWN_TIMEOUT_MS);
  logger.info('workers running');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
