import fc from 'fast-check';
import { distanceMetres } from '@tongxin/shared';
import { GridIndex } from '../../../server/src/modules/meal-points/care-map.index';

const pointArb = fc.record({ lat: fc.double({ min: 30.3, max: 31.0, noNaN: true }), lng: fc.double({ min: 103.6, max: 104.4, noNaN: true }) });

describe('GridIndex', () => {
  it('when asked for points within r km, then it returns exactly what a full scan finds, nearest first', () => {
    fc.assert(fc.property(fc.array(pointArb, { maxLength: 300 }), pointArb, fc.double({ min: 0.1, max: 20, noNaN: true }), (points, center, radiusKm) => {
      const index = new GridIndex<{ id: string; location: { lat: number; lng: number } }>();
      points.forEach((location, i) => index.upsert({ id: `p${i}`, location }));
      const found = index.within(center, radiusKm).map((n) => n.item.id);
      const expected = points
        .map((location, i) => ({ id: `p${i}`, d: distanceMetres(center, location) }))
        .filter((p) => p.d <= radiusKm * 1000)
        .sort((a, b) => a.d - b.d || (a.id < b.id ? -1 : 1))
        .map((p) => p.id);
      expect(found).toEqual(expected);
    }), { numRuns: 200 });
  });

  it('when asked for the nearest `limit`, then it returns exactly the first `limit` of the full sort, ties by id', () => {
    // Few distinct places, many points on each: equal distances, so the order among them rests on the ids.
    const placesArb = fc.array(pointArb, { minLength: 1, maxLength: 12 });
    fc.assert(fc.property(
      placesArb.chain((places) => fc.tuple(fc.constant(places), fc.array(fc.nat(places.length - 1), { minLength: 20, maxLength: 300, size: 'max' }))),
      pointArb, fc.double({ min: 0.1, max: 20, noNaN: true }), fc.nat(40), fc.nat(4),
      ([places, picks], center, radiusKm, limit, skipEvery) => {
        const index = new GridIndex<{ id: string; location: { lat: number; lng: number } }>();
        // Ids inserted in a shuffled order, so the heap sees ties in every order.
        picks.forEach((place, i) => index.upsert({ id: `p${(i * 7919) % 1000}-${i}`, location: places[place]! }));
        const accept = (item: { id: string }) => skipEvery === 0 || Number(item.id.split('-')[1]) % (skipEvery + 1) !== 0;
        const everything = index.within(center, radiusKm, accept).map((n) => [n.item.id, n.distanceMetres]);
        const nearest = index.within(center, radiusKm, accept, limit).map((n) => [n.item.id, n.distanceMetres]);
        expect(nearest).toEqual(everything.slice(0, limit));
      },
    ), { numRuns: 300 });
  });

  it('when a point moves or is removed, then queries follow', () => {
    const index = new GridIndex<{ id: string; location: { lat: number; lng: number } }>();
    const center = { lat: 30.65, lng: 104.06 };
    index.upsert({ id: 'a', location: center });
    index.upsert({ id: 'a', location: { lat: 30.9, lng: 104.3 } });
    expect(index.within(center, 1)).toEqual([]);
    expect(index.size).toBe(1);
    index.remove('a');
    expect(index.within({ lat: 30.9, lng: 104.3 }, 1)).toEqual([]);
    expect(index.size).toBe(0);
  });
});
