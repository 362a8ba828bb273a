import { loadConfig } from '../config/config';
import { createLogger } from '../platform/logger';
import { logUnhandledRejections } from '../platform/process-guards';
import { onShutdownSignal } from '../platform/shutdown';
import { createApiRuntime } from '../runtime';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  logUnhandledRejections(logger);
  const runtime = await createApiRuntime(config, logger);
  onShutdownSignal(runtime.close, logger, config.SHUTDOWN_TIMEOUT_MS);
  runtime.httpServer.listen(config.PORT, () => {
    const address = runtime.httpServer.address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    logger.info({ port, workersInProcess: config.WORKERS_IN_PROCESS }, `listening on http://localhost:${port}`);
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
