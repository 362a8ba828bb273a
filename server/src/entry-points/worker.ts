import { loadConfig } from '../config/config';
import { createLogger } from '../platform/logger';
import { logUnhandledRejections } from '../platform/process-guards';
import { onShutdownSignal } from '../platform/shutdown';
import { createCoreRuntime } from '../runtime';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  logUnhandledRejections(logger);
  const runtime = await createCoreRuntime(config, { workers: true }, logger);
  onShutdownSignal(runtime.close, logger, config.SHUTDOWN_TIMEOUT_MS);
  logger.info('workers running');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
