import type { Logger } from './logger';

/**
 * Runs `close` once on SIGTERM or SIGINT and exits 0 when it finishes, 1 when it fails or outlives
 * the deadline (a stuck dependency must not keep a replica half-alive).
 */
export function onShutdownSignal(close: () => Promise<void>, logger: Logger, deadlineMs: number): void {
  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error({ deadlineMs }, 'shutdown deadline passed');
      process.exit(1);
    }, deadlineMs);
    timer.unref();
    close().then(
      () => {
        logger.info('shut down cleanly');
        process.exit(0);
      },
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}
