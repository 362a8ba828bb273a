import type { Logger } from './logger';

/**
 * A promise dropped without a handler (a fire-and-forget push, a library's internal publish while
 * Redis is away) must not end a replica that is otherwise fine, as Node's default would: it is
 * logged as an error, to be found and handled where it arises. Uncaught exceptions still end the
 * process, since its state may then be broken.
 */
export function logUnhandledRejections(logger: Logger): void {
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));
}
