import { PlaceCountsMirror } from '../../../server/src/platform/place-counts-mirror';
import { connectRedis, type Redis } from '../../../server/src/platform/redis';
import { eventually } from '../../helpers/eventually';
import { testConfig } from '../../helpers/test-config';

const config = testConfig();
const channel = `${config.REDIS_PREFIX}:mirror-test`;
let publisher: Redis;

beforeAll(async () => {
  publisher = await connectRedis(config.REDIS_URL, 'producer');
});
afterAll(() => publisher.quit());

/** A source of counts that records what it was asked. */
function source(counts: Record<string, number>) {
  const asked: string[][] = [];
  const read = async (pools: string[]) => {
    asked.push(pools);
    return new Map(pools.map((p) => [p, counts[p] ?? 0]));
  };
  return { asked, read, counts };
}

describe('PlaceCountsMirror', () => {
  it('when not subscribed, then every read goes to the source', async () => {
    const src = source({ a: 2 });
    const mirror = new PlaceCountsMirror(src.read, channel);
    expect((await mirror.taken(['a'])).get('a')).toBe(2);
    mirror.apply('a', 5);
    expect((await mirror.taken(['a'])).get('a')).toBe(2);
    expect(src.asked).toHaveLength(2);
  });

  it('when subscribed, then a pool is read once, then follows published changes without reading again', async () => {
    const src = source({ a: 2, b: 0 });
    const mirror = new PlaceCountsMirror(src.read, channel);
    await mirror.listen(() => connectRedis(config.REDIS_URL, 'consumer'));
    try {
      expect(Object.fromEntries(await mirror.taken(['a', 'b']))).toEqual({ a: 2, b: 0 });
      expect(Object.fromEntries(await mirror.taken(['a', 'b']))).toEqual({ a: 2, b: 0 });
      expect(src.asked).toEqual([['a', 'b']]);
      await publisher.publish(channel, 'a 3');
      await eventually(async () => expect((await mirror.taken(['a'])).get('a')).toBe(3));
      // Pool names may hold spaces of their own: the count is after the last one.
      await publisher.publish(channel, 'x#2026-12-01 lunch 7');
      await eventually(async () => expect((await mirror.taken(['x#2026-12-01 lunch'])).get('x#2026-12-01 lunch')).toBe(7));
      expect(src.asked.slice(1).flat()).not.toContain('a');
    } finally {
      await mirror.close();
    }
    // Closed: nothing is trusted any more.
    expect((await mirror.taken(['a'])).get('a')).toBe(2);
  });

  it('when a change arrives while a pool is being read, then the change wins over the older read', async () => {
    let mirror: PlaceCountsMirror | null = null;
    const read = async (pools: string[]) => {
      // The count changes to 4 after this read saw 3; its message lands before the read returns.
      await publisher.publish(channel, 'race 4');
      await eventually(() => expect(mirror!['counts'].get('race')?.taken).toBe(4));
      return new Map(pools.map((p) => [p, 3]));
    };
    mirror = new PlaceCountsMirror(read, channel);
    await mirror.listen(() => connectRedis(config.REDIS_URL, 'consumer'));
    try {
      expect((await mirror.taken(['race'])).get('race')).toBe(3);
      expect((await mirror.taken(['race'])).get('race')).toBe(4);
    } finally {
      await mirror.close();
    }
  });

  it('when a count has not been heard of for 10 s, then it is shown and read again in the background; after 60 s it is read first', async () => {
    const src = source({ quiet: 1 });
    let nowMs = 1_000_000;
    const mirror = new PlaceCountsMirror(src.read, channel, () => nowMs);
    await mirror.listen(() => connectRedis(config.REDIS_URL, 'consumer'));
    try {
      expect((await mirror.taken(['quiet'])).get('quiet')).toBe(1);
      // A change whose message was lost: only a read finds it.
      src.counts.quiet = 2;
      nowMs += 9_000;
      expect((await mirror.taken(['quiet'])).get('quiet')).toBe(1);
      expect(src.asked).toHaveLength(1);
      nowMs += 2_000;
      expect((await mirror.taken(['quiet'])).get('quiet')).toBe(1);
      await eventually(() => expect(src.asked).toHaveLength(2));
      await eventually(async () => expect((await mirror.taken(['quiet'])).get('quiet')).toBe(2));
      expect(src.asked).toHaveLength(2);

      src.counts.quiet = 3;
      nowMs += 60_000;
      expect((await mirror.taken(['quiet'])).get('quiet')).toBe(3);
      expect(src.asked).toHaveLength(3);
    } finally {
      await mirror.close();
    }
  });
});
