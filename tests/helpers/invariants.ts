import { checkInvariants, type InvariantReport } from '../../scripts/lib/invariants';
import type { TestApi } from './test-api';

/** Checks every invariant of this test file's store and Redis; fails the test with the broken ones listed. */
export async function expectInvariants(api: TestApi): Promise<InvariantReport> {
  const report = await checkInvariants({
    db: api.runtime.infra.connection.db!,
    redis: api.runtime.infra.redis,
    redisPrefix: api.config.REDIS_PREFIX,
  });
  expect(report.violations).toEqual([]);
  return report;
}
