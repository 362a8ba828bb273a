import mongoose, { Schema } from 'mongoose';
import { InsertBatcher } from '../../../server/src/platform/insert-batcher';
import { connectStore, type Connection } from '../../../server/src/platform/db';
import { eventually } from '../../helpers/eventually';
import { startOwnStore } from '../../helpers/own-store';
import { dropTestState } from '../../helpers/test-state';
import { testConfig } from '../../helpers/test-config';

interface MarkRecord { _id: string; amountFen: number }

const config = testConfig();
let connection: Connection;

beforeAll(async () => {
  connection = await connectStore({ uri: config.MONGODB_URI, dbName: config.MONGODB_DB });
});
afterAll(async () => {
  await connection.close();
  await dropTestState(config);
});

const markModel = (name: string) => connection.model<MarkRecord>(name, new Schema<MarkRecord>(
  { _id: { type: String, required: true }, amountFen: { type: Number, required: true, min: 1 } },
  { strict: 'throw', versionKey: false, collection: name.toLowerCase() },
));

describe('InsertBatcher', () => {
  it('when 300 callers insert 100 distinct ids three times each at once, then each id is inserted exactly once and the others hear "taken"', async () => {
    const model = markModel('BatchedMark');
    const batcher = new InsertBatcher(model, { maxBatch: 64 });
    const ids = Array.from({ length: 100 }, (_, i) => `gift:${i}`);
    const answers = await Promise.all([...ids, ...ids.slice().reverse(), ...ids].map((_id) => batcher.insertOnce({ _id, amountFen: 100 })));
    expect(answers.filter(Boolean)).toHaveLength(100);
    const insertedIds = [...ids, ...ids.slice().reverse(), ...ids].filter((_, i) => answers[i]);
    expect(new Set(insertedIds).size).toBe(100);
    expect(await model.countDocuments({})).toBe(100);
    // Later callers, one at a time, still learn that the ids are taken.
    expect(await batcher.insertOnce({ _id: 'gift:7', amountFen: 100 })).toBe(false);
    expect(await batcher.insertOnce({ _id: 'gift:new', amountFen: 100 })).toBe(true);
  }, 60_000);

  it('when a document breaks its schema, then only that caller is refused and nothing of it is stored', async () => {
    const model = markModel('ValidatedMark');
    const batcher = new InsertBatcher(model);
    const [good, bad] = await Promise.allSettled([
      batcher.insertOnce({ _id: 'ok', amountFen: 5 }),
      batcher.insertOnce({ _id: 'bad', amountFen: 0 }),
    ]);
    expect(good).toEqual({ status: 'fulfilled', value: true });
    expect(bad.status).toBe('rejected');
    expect((bad as PromiseRejectedResult).reason).toBeInstanceOf(mongoose.Error.ValidationError);
    expect(await model.exists({ _id: 'bad' })).toBeNull();
  });

  it('when the store dies under a batch, then no caller is told its document went in unless it is stored', async () => {
    const store = await startOwnStore();
    const own = await connectStore({ uri: store.uri, dbName: 'insert_batcher_store_down' });
    try {
      const model = own.model<MarkRecord>('Mark', new Schema<MarkRecord>(
        { _id: { type: String, required: true }, amountFen: { type: Number, required: true } },
        { strict: 'throw', versionKey: false, collection: 'marks' },
      ));
      const batcher = new InsertBatcher(model, { maxBatch: 50, answerTimeoutMs: 8_000 });
      expect(await batcher.insertOnce({ _id: 'before', amountFen: 1 })).toBe(true);
      // The driver has not noticed yet: the next insertMany goes out on a dead pooled connection,
      // and the driver wraps the network error in a bulk-write error with no write errors (or,
      // about one run in five, never answers at all: the batch's deadline refuses it then).
      await store.kill('SIGKILL');
      const ids = Array.from({ length: 40 }, (_, i) => `during:${i}`);
      const answers = await Promise.allSettled(ids.map((_id) => batcher.insertOnce({ _id, amountFen: 1 })));
      await store.launch();
      const stored = new Set((await eventually(() => model.find({}, { _id: 1 }).lean().exec(), 20_000, 250)).map((d) => d._id));
      const toldInserted = ids.filter((_, i) => answers[i]!.status === 'fulfilled' && (answers[i] as PromiseFulfilledResult<boolean>).value);
      expect(toldInserted.filter((id) => !stored.has(id))).toEqual([]);
      expect(answers.some((a) => a.status === 'rejected')).toBe(true);
      // A caller that retries learns the truth: inserted now, or taken by its own earlier attempt.
      const retried = await batcher.insertOnce({ _id: 'during:0', amountFen: 1 });
      expect(retried).toBe(!stored.has('during:0'));
    } finally {
      await own.close();
      await store.stop();
    }
  }, 90_000);
});

