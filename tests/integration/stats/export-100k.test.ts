import request from 'supertest';
import { Types, type mongo } from 'mongoose';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { freePort, spawnWorker, type WorkerProcess } from '../../helpers/api-process';
import { connectHeapProbe, type HeapProbe } from '../../helpers/heap-probe';
import { eventually } from '../../helpers/eventually';
import { aUser, bearer } from '../../fixtures/users';

// The must-show of the statistics issue: an export of 100,000 rows streams in bounded memory. The
// export job runs in a worker process of its own, whose live heap (after a full collection, read
// through its inspector) is sampled while the job runs: what the export really holds, not a jest
// worker's heap full of other files' garbage, nor resident memory a lazy collector inflates.

const ROWS = 100_000;
/** Four ledger lines per sign-up: verified, supplementary and two corrections. */
const SIGN_UPS = ROWS / 4;
const VOLUNTEERS = 2_000;
const COMMUNITY = '510104001001';
const FROM = '2026-11-01';
const TO = '2026-11-28';
const BATCH = 5_000;
const MB = 1024 * 1024;
/**
 * What the export may hold at once: the community's sign-ups (25,000 here, some 7 MB), a store batch
 * of ledger lines, a batch of names and the chunk being written; measured 18 MB with the same code
 * in a lone process, against 40 MB more when the rows are held before writing.
 */
const LIVE_GROWTH_BOUND = 32 * MB;

let api: TestApi;
let worker: WorkerProcess;
let heap: HeapProbe;
let db: mongo.Db;

beforeAll(async () => {
  api = await startTestApi({ WORKERS_IN_PROCESS: 'false' });
  const inspectorPort = await freePort();
  worker = await spawnWorker(api.config, [`--inspect=127.0.0.1:${inspectorPort}`]);
  heap = await connectHeapProbe(inspectorPort);
  db = api.runtime.infra.connection.db!;
  await aCommunityWithHours();
}, 300_000);
afterAll(async () => {
  heap?.close();
  worker?.child.kill('SIGTERM');
  await worker?.exited;
  await api?.stop();
}, 60_000);

/** Sign-ups of one community and their hours ledger, written straight to the store in batches. */
async function aCommunityWithHours(): Promise<void> {
  const volunteers = Array.from({ length: VOLUNTEERS }, () => new Types.ObjectId());
  const staff = new Types.ObjectId();
  const signUps = Array.from({ length: SIGN_UPS }, (_, i) => ({
    _id: new Types.ObjectId(),
    userId: volunteers[i % VOLUNTEERS]!,
    communityCode: COMMUNITY,
    needTitle: `社区长者助餐送餐第${(i % 40) + 1}期`,
    startsAt: new Date(Date.UTC(2026, 10, 1 + (i % 27), 1)),
  }));
  for (let i = 0; i < signUps.length; i += BATCH) await db.collection('enrollments').insertMany(signUps.slice(i, i + BATCH) as never[]);
  const kinds = [['verify', 'verified', 120], ['supplement', 'supplementary', 30], ['correct', 'correction', -15], ['correct', 'correction', 5]] as const;
  let lines: object[] = [];
  for (const [n, signUp] of signUps.entries()) {
    const enrollmentId = signUp._id.toHexString();
    for (const [k, [prefix, kind, minutes]] of kinds.entries()) {
      lines.push({
        _id: prefix === 'correct' ? `${prefix}:${enrollmentId}:${k - 1}` : `${prefix}:${enrollmentId}`,
        userId: signUp.userId, enrollmentId, kind, minutes, category: 'elderly_care', year: 2026, verifiedBy: staff,
        createdAt: new Date(signUp.startsAt.getTime() + 4 * 3_600_000 + n),
      });
    }
    if (lines.length >= BATCH) {
      await db.collection('service_hours').insertMany(lines as never[]);
      lines = [];
    }
  }
  if (lines.length > 0) await db.collection('service_hours').insertMany(lines as never[]);
}

describe('an export of 100,000 rows', () => {
  it('when a community’s 100,000 hours lines are exported, then the job stores the file while it reads, its live heap grows by less than 32 MB, and every row downloads', async () => {
    const admin = await aUser(api, ['district_admin'], { districtCode: COMMUNITY.slice(0, 6) });
    const before = await heap.liveBytes();

    const started = await request(api.url).post('/api/v1/stats/exports').set(bearer(admin))
      .send({ table: 'volunteer-hours', areaCode: COMMUNITY, from: FROM, to: TO }).expect(202);
    const exportId: string = started.body.id;
    // Streaming means chunks are stored while the job still runs, not all at the end; the live heap
    // is sampled meanwhile.
    const chunkCountsWhileRunning = new Set<number>();
    let peak = before;
    let samples = 0;
    const ready = await eventually(async () => {
      const record = await db.collection('stats_exports').findOne({ _id: exportId as never });
      if (record?.status === 'running') {
        peak = Math.max(peak, await heap.liveBytes());
        samples += 1;
        chunkCountsWhileRunning.add(await db.collection('stats_export_chunks').countDocuments({ exportId }));
      }
      expect(record?.status).toBe('ready');
      return record!;
    }, 240_000, 250);

    expect(ready.rows).toBe(ROWS);
    const growth = peak - before;
    if (process.env.DEBUG_EXPORTS) {
      console.log(JSON.stringify({ rows: ready.rows, fileMB: +(ready.bytes / MB).toFixed(1), chunks: ready.chunks, chunkCountsWhileRunning: chunkCountsWhileRunning.size, samples,
        liveBeforeMB: +(before / MB).toFixed(1), liveGrowthMB: +(growth / MB).toFixed(1) }));
    }
    expect(ready.bytes).toBeGreaterThan(10 * MB);
    expect(samples).toBeGreaterThan(3);
    // The file grew in steps while rows were still being read.
    expect([...chunkCountsWhileRunning].filter((n) => n > 0 && n < (ready.chunks as number)).length).toBeGreaterThan(2);
    // Holding the 100,000 rows alone takes some 40 MB here, on top of what streaming holds.
    expect(growth).toBeLessThan(LIVE_GROWTH_BOUND);

    let lines = 0;
    let bytes = 0;
    await request(api.url).get(`/api/v1/stats/exports/${exportId}/download`).set(bearer(admin)).buffer(true)
      .parse((res, done) => {
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          for (let i = chunk.indexOf(0x0a); i !== -1; i = chunk.indexOf(0x0a, i + 1)) lines++;
        });
        res.on('end', () => done(null, null));
      }).expect(200);
    expect(bytes).toBe(ready.bytes);
    expect(lines).toBe(ROWS + 1);
  }, 300_000);
});
