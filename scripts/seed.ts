// `npm run seed`: the demo city (accounts, needs, a small synthetic population around them), or with
// `--volunteers N` a synthetic city of N volunteers and proportionate donors, organizations,
// campaigns, needs, shifts and past sign-ups (see scripts/city/). Same `--seed` and `--now`, same city.
//   npm run seed -- --volunteers 2400000 [--seed 42] [--now 2026-12-01] [--db tongxin_city] [--accounts] [--batch 2000]
import { parseArgs } from 'node:util';
import mongoose from 'mongoose';
import { loadConfig } from '../server/src/config/config';
import { generateCity } from './city/city';
import { seedDemoCity } from './seed-demo';

function todayUtc(): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      volunteers: { type: 'string' }, seed: { type: 'string', default: '42' }, now: { type: 'string' }, db: { type: 'string' },
      accounts: { type: 'boolean', default: false }, enrollments: { type: 'string', default: '0.2' }, batch: { type: 'string', default: '2000' },
    },
  });
  if (values.volunteers === undefined) {
    await seedDemoCity(); // idempotent, as `npm start` seeds it
    return;
  }
  const config = loadConfig(process.env);
  const dbName = values.db ?? config.MONGODB_DB;
  const connection = await mongoose.createConnection(config.MONGODB_URI, { dbName }).asPromise();
  try {
    console.log(`[city] seeding ${values.volunteers} volunteers into ${dbName} (seed ${values.seed})`);
    const report = await generateCity(connection.db!, {
      seed: Number(values.seed), volunteers: Number(values.volunteers), now: values.now ? new Date(values.now) : todayUtc(),
      volunteerAccounts: values.accounts, enrollmentsPerVolunteer: Number(values.enrollments), batchSize: Number(values.batch),
      log: (line) => console.log(line),
    });
    for (const [name, s] of Object.entries(report.collections)) console.log(`[city]   ${name}: ${s.inserted} inserted, ${s.existing} already there`);
    console.log(`[city] done in ${report.seconds.toFixed(1)} s: ${report.documents} documents, ${report.docsPerSecond} docs/s`);
    console.log(JSON.stringify({ volunteers: Number(values.volunteers), seconds: Number(report.seconds.toFixed(1)), documents: report.documents, docsPerSecond: report.docsPerSecond }));
  } finally {
    await connection.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
