import { Types } from 'mongoose';
import { hashSeed, seededRandom } from '@tongxin/shared';

/**
 * The one seeded source of randomness of the synthetic city. Each collection's generator forks its
 * own stream by name (`fork('volunteers')`), so adding draws to one generator never changes another
 * collection: the same seed gives the same city, collection by collection.
 */
export class CityRandom {
  private readonly next: () => number;

  constructor(private readonly seed: number, stream = 'city') {
    this.next = seededRandom((hashSeed(stream) ^ Math.imul(seed, 0x9e3779b1)) >>> 0);
  }

  /** A new independent stream named `name` under the same seed. */
  fork(name: string): CityRandom {
    return new CityRandom(this.seed, name);
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.next();
  }

  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Standard normal (Box-Muller). */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** An ObjectId whose time part is `at` and whose other 8 bytes come from this stream. */
  objectId(at: Date): Types.ObjectId {
    const bytes = Buffer.alloc(12);
    bytes.writeUInt32BE(Math.floor(at.getTime() / 1000) >>> 0, 0);
    bytes.writeUInt32BE(Math.floor(this.next() * 2 ** 32) >>> 0, 4);
    bytes.writeUInt32BE(Math.floor(this.next() * 2 ** 32) >>> 0, 8);
    return new Types.ObjectId(bytes);
  }
}

/** Picks indexes in proportion to weights, by binary search over the cumulative sums. */
export class WeightedPicker<T> {
  private readonly cumulative: number[] = [];
  private readonly total: number;

  constructor(private readonly items: readonly T[], weight: (item: T) => number) {
    let sum = 0;
    for (const item of items) this.cumulative.push((sum += Math.max(0, weight(item))));
    this.total = sum;
  }

  pick(random: CityRandom): T {
    const target = random.float() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid]! > target) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo]!;
  }
}
