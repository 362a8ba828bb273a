// `npm run check:invariants`: checks the money, place and hours invariants against the configured
// store and Redis (MONGODB_URI, MONGODB_DB, REDIS_URL, REDIS_PREFIX, as the API reads them).
// Prints one JSON report; exits 1 when any invariant is broken. Reads only.
import { Redis } from 'ioredis';
import { loadConfig } from '../server/src/config/config';
import { connectStore } from '../server/src/platform/db';
import { checkInvariants } from './lib/invariants';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const connection = await connectStore({ uri: config.MONGODB_URI, dbName: config.MONGODB_DB });
  const redis = new Redis(config.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 2 });
  try {
    await redis.connect();
    const report = await checkInvariants({ db: connection.db!, redis, redisPrefix: config.REDIS_PREFIX });
    console.log(JSON.stringify({ database: config.MONGODB_DB, ...report, invariantViolations: report.violations.length }));
    process.exitCode = report.violations.length === 0 ? 0 : 1;
  } finally {
    redis.disconnect();
    await connection.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(2);
});
