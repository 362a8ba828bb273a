import mongoose from 'mongoose';
import { Redis } from 'ioredis';
import type { Config } from '../../server/src/config/config';

/** Drops the test file's database and deletes every Redis key under its prefix. */
export async function dropTestState(config: Config): Promise<void> {
  const connection = await mongoose.createConnection(config.MONGODB_URI, { dbName: config.MONGODB_DB }).asPromise();
  await connection.dropDatabase();
  await connection.close();
  const redis = new Redis(config.REDIS_URL);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${config.REDIS_PREFIX}:*`, 'COUNT', 500);
    if (keys.length > 0) await redis.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
  await redis.quit();
}
