import { randomBytes } from 'node:crypto';
import { loadConfig, type Config } from '../../server/src/config/config';

/** A config of its own for one test file: a fresh database name and Redis prefix, quiet logs. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  const id = `${process.env.JEST_WORKER_ID ?? '0'}_${randomBytes(4).toString('hex')}`;
  return loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    PORT: '0',
    MONGODB_DB: `test_${id}`,
    REDIS_PREFIX: `test:${id}`,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    // Non-urgent notices arrive at once whatever the hour of the run; quiet-hours tests turn them on.
    DEFAULT_QUIET_HOURS: 'off',
    // The shared Redis of a 2-core CI machine running every suite at once can stall for seconds;
    // the fault tests that need a short timeout set their own.
    REDIS_COMMAND_TIMEOUT_MS: '10000',
    ...overrides,
  });
}
