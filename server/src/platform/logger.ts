import { pino, type Logger } from 'pino';
import { currentContext } from './context';

export type { Logger };

/** The one root logger; modules take `logger.child({ module })`. Ids and amounts only, never bodies. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin: () => ({ ...currentContext() }),
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', '*.phone', '*.idNumber', '*.code'], censor: '[redacted]' },
  };
  // A destination other than stdout is for tests that read what the process logged.
  return destination ? pino(options, destination) : pino(options);
}
