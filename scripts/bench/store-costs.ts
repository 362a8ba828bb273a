// `npm run bench:store-costs`: what one command of each kind costs the store, timed alone on a
// scratch database: wall time per command (8 in flight) and, when the store's process id is given
// (BENCH_STORE_PID, e.g. `pgrep -f 'listen-addr=127.0.0.1:27017'`), the store's own CPU time per
// command and per document, which other load on the machine hardly changes.
// Shows which commands a hot path can afford; the donation burst's counts are in bench:donations.
import { readFileSync } from 'node:fs';
import { MongoClient, ObjectId, type Collection, type Document } from 'mongodb';

const URI = process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017/';
const PID = process.env.BENCH_STORE_PID;
const OPS = Number(process.env.BENCH_OPS ?? 400);
const ROWS = Number(process.env.BENCH_ROWS ?? 20_000);
const IN_FLIGHT = 8;
const TICK_MS = 10; // USER_HZ = 100 on Linux

function storeCpuMs(): number | null {
  if (!PID) return null;
  const fields = readFileSync(`/proc/${PID}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

async function timed(name: string, commands: number, documents: number, run: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const cpu0 = storeCpuMs();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: IN_FLIGHT }, async () => {
    for (let i = next++; i < commands; i = next++) await run(i);
  }));
  const wallMs = performance.now() - t0;
  const cpu1 = storeCpuMs();
  const cpuMs = cpu0 === null || cpu1 === null ? null : cpu1 - cpu0;
  console.log(JSON.stringify({
    kind: name, commands, documents,
    perSecond: Math.round((commands / wallMs) * 1000), docsPerSecond: Math.round((documents / wallMs) * 1000),
    wallMsPerCommand: Number((wallMs / commands).toFixed(2)),
    storeCpuMsPerCommand: cpuMs === null ? null : Number((cpuMs / commands).toFixed(2)),
    storeCpuMsPerDocument: cpuMs === null ? null : Number((cpuMs / documents).toFixed(3)),
  }));
}

const aGift = (i: number): Document => ({
  campaignId: new ObjectId(), userId: new ObjectId(), amountFen: 100 + i, anonymous: false, message: '加油', donorName: '张*', createdAt: new Date(),
});

async function main(): Promise<void> {
  const client = await new MongoClient(URI, { maxPoolSize: IN_FLIGHT * 2 }).connect();
  const db = client.db(`store_costs_${Date.now()}`);
  try {
    const single = db.collection('single');
    await timed('insertOne', OPS, OPS, (i) => single.insertOne({ _id: new ObjectId(), ...aGift(i) }));
    for (const size of [10, 50, 200]) {
      const batches = db.collection(`batch_${size}`);
      const n = Math.max(8, Math.round((OPS * 4) / size));
      await timed(`insertMany ×${size}`, n, n * size, () =>
        batches.insertMany(Array.from({ length: size }, (_, k) => ({ _id: new ObjectId(), ...aGift(k) })), { ordered: false }));
    }
    // An `_id` read costs in proportion to the collection on FerretDB 1.24/SQLite: measured at growing sizes.
    const rows: Collection = db.collection('rows');
    await rows.createIndex({ userId: 1, _id: -1 });
    const ids: ObjectId[] = [];
    for (const size of [1, 1000, 5000, ROWS]) {
      while (ids.length < size) {
        const chunk = Array.from({ length: Math.min(1000, size - ids.length) }, (_, k) => ({ _id: new ObjectId(), ...aGift(k) }));
        await rows.insertMany(chunk, { ordered: false });
        ids.push(...chunk.map((d) => d._id));
      }
      await timed(`findOne by _id (${size} rows)`, Math.min(OPS, 100), Math.min(OPS, 100), (i) => rows.findOne({ _id: ids[(i * 7919) % ids.length]! }));
    }
    const some = (i: number) => ids[(i * 7919) % ids.length]!;
    await timed(`find _id $in ×50 (${ROWS} rows)`, 8, 8 * 50, (i) =>
      rows.find({ _id: { $in: Array.from({ length: 50 }, (_, k) => some(i * 50 + k)) } }).toArray());
    await timed(`find by indexed userId (${ROWS} rows)`, 8, 8, () => rows.find({ userId: new ObjectId() }).limit(1).toArray());
    await timed(`updateOne by _id $set (${ROWS} rows)`, 16, 16, (i) => rows.updateOne({ _id: some(i) }, { $set: { message: `m${i}` } }));
    const hot = db.collection<{ _id: string; raisedFen: number; seq: number }>('hot');
    await hot.insertOne({ _id: 'campaign', raisedFen: 0, seq: 0 });
    await timed('updateOne $inc one hot document (1 row)', Math.max(8, OPS / 4), Math.max(8, OPS / 4), () =>
      hot.updateOne({ _id: 'campaign' }, { $inc: { raisedFen: 1, seq: 1 } }));
  } finally {
    await db.dropDatabase();
    await client.close();
  }
}

main().then(() => process.exit(0), (error: unknown) => {
  console.error(error);
  process.exit(1);
});
