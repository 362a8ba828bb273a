import type { Connection, Model } from 'mongoose';
import { insertOnce } from '../../../platform/insert-once';
import { elderModels, type ElderRecord, type ElderRelativeRecord } from './elders.model';

export type { ElderRecord, ElderRelativeRecord };

const OBJECT_ID = /^[a-f0-9]{24}$/;

export class EldersRepository {
  private readonly elders: Model<ElderRecord>;
  private readonly relatives: Model<ElderRelativeRecord>;

  constructor(connection: Connection) {
    ({ elders: this.elders, relatives: this.relatives } = elderModels(connection));
  }

  async insert(elder: Omit<ElderRecord, 'createdAt' | 'updatedAt'>): Promise<ElderRecord> {
    return (await this.elders.create(elder)).toObject();
  }

  async findById(id: string): Promise<ElderRecord | null> {
    if (!OBJECT_ID.test(id)) return null;
    return this.elders.findById(id).lean<ElderRecord>().exec();
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

  async isRelative(elderId: string, userId: string): Promise<boolean> {
    return (await this.relatives.exists({ _id: `${elderId}:${userId}` })) !== null;
  }

  /** Off the hot path (a scan on FerretDB): "my elders" and alerting a family. */
  async relativesOf(elderId: string): Promise<string[]> {
    return (await this.relatives.find({ elderId }, { userId: 1 }).lean<Array<{ userId: string }>>().exec()).map((r) => r.userId);
  }

  async eldersOf(userId: string): Promise<string[]> {
    return (await this.relatives.find({ userId }, { elderId: 1 }).lean<Array<{ elderId: string }>>().exec()).map((r) => r.elderId);
  }
}
