import type { Connection, Model } from 'mongoose';
import { insertOnce } from '../../../platform/insert-once';
import { elderModels, type ElderRecord, type ElderRelativeRecord } from './elders.model';

export type { ElderRecord, ElderRelativeRecord };

const OBJECT_ID = /^[a-f0-9]{24}$/;
/** Elders kept in memory per process (a record is under 1 KB). */
const CACHED_ELDERS = 20_000;

/**
 * Elder records and relative links. Both are written once and never changed (there is no update
 * or unlink), so a record read is kept in memory and a link once seen is trusted: the care map
 * prices for an elder on every query without asking the store.
 */
export class EldersRepository {
  private readonly elders: Model<ElderRecord>;
  private readonly relatives: Model<ElderRelativeRecord>;
  private readonly cached = new Map<string, ElderRecord>();
  private readonly knownLinks = new Set<string>();

  constructor(connection: Connection) {
    ({ elders: this.elders, relatives: this.relatives } = elderModels(connection));
  }

  async insert(elder: Omit<ElderRecord, 'createdAt' | 'updatedAt'>): Promise<ElderRecord> {
    return this.remember((await this.elders.create(elder)).toObject());
  }

  async findById(id: string): Promise<ElderRecord | null> {
    if (!OBJECT_ID.test(id)) return null;
    const cached = this.cached.get(id);
    if (cached) return cached;
    const elder = await this.elders.findById(id).lean<ElderRecord>().exec();
    return elder ? this.remember(elder) : null;
  }

  async findByIds(ids: string[]): Promise<ElderRecord[]> {
    // One `_id` lookup each: the one filter FerretDB answers without a scan.
    const found = await Promise.all(ids.map((id) => this.findById(id)));
    return found.filter((elder): elder is ElderRecord => elder !== null);
  }

  /** Links a relative once; false when already linked. */
  link(elderId: string, userId: string, relation: string, linkedBy: string): Promise<boolean> {
    return insertOnce(this.relatives, { _id: `${elderId}:${userId}`, elderId, userId, relation, linkedBy, linkedAt: new Date() });
  }

  /** A link found is remembered (links are never removed); an absent one is asked again next time. */
  async isRelative(elderId: string, userId: string): Promise<boolean> {
    const key = `${elderId}:${userId}`;
    if (this.knownLinks.has(key)) return true;
    const linked = (await this.relatives.exists({ _id: key })) !== null;
    if (linked) {
      if (this.knownLinks.size >= CACHED_ELDERS) this.knownLinks.clear();
      this.knownLinks.add(key);
    }
    return linked;
  }

  /** Off the hot path (a scan on FerretDB): "my elders" and alerting a family. */
  async relativesOf(elderId: string): Promise<string[]> {
    return (await this.relatives.find({ elderId }, { userId: 1 }).lean<Array<{ userId: string }>>().exec()).map((r) => r.userId);
  }

  async eldersOf(userId: string): Promise<string[]> {
    return (await this.relatives.find({ userId }, { elderId: 1 }).lean<Array<{ elderId: string }>>().exec()).map((r) => r.elderId);
  }

  private remember(elder: ElderRecord): ElderRecord {
    // Oldest first out: a Map iterates in insertion order.
    if (this.cached.size >= CACHED_ELDERS) this.cached.delete(this.cached.keys().next().value!);
    this.cached.set(elder._id.toHexString(), elder);
    return elder;
  }
}
