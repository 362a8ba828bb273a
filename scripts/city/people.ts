import type { Types } from 'mongoose';
import type { BulkWriter } from './bulk-writer';
import type { CityRandom } from './random';

const DAY_MS = 86_400_000;

/** Donor accounts (`roles: donor`); their giving history comes with the donations generator. */
export async function generateDonors(random: CityRandom, writer: BulkWriter, count: number, now: Date): Promise<Types.ObjectId[]> {
  const ids: Types.ObjectId[] = [];
  for (let i = 0; i < count; i++) {
    const createdAt = new Date(now.getTime() - random.int(1, 900) * DAY_MS);
    const id = random.objectId(createdAt);
    await writer.add('users', { _id: id, displayName: '爱心人士', roles: ['donor'], scopes: {}, createdAt, updatedAt: createdAt });
    ids.push(id);
  }
  return ids;
}

/** One community worker account per community that posts needs, created on first use. */
export class CommunityStaff {
  private readonly byCommunity = new Map<string, Types.ObjectId>();

  constructor(private readonly random: CityRandom, private readonly writer: BulkWriter, private readonly now: Date) {}

  async of(communityCode: string): Promise<Types.ObjectId> {
    const existing = this.byCommunity.get(communityCode);
    if (existing) return existing;
    const createdAt = new Date(this.now.getTime() - 400 * DAY_MS);
    const id = this.random.objectId(createdAt);
    this.byCommunity.set(communityCode, id);
    await this.writer.add('users', {
      _id: id, displayName: '社区工作者', roles: ['community_staff'], scopes: { communityCode }, createdAt, updatedAt: createdAt,
    });
    return id;
  }

  get count(): number {
    return this.byCommunity.size;
  }
}
