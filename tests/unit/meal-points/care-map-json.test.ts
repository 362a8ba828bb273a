import type { CareMapItem } from '@tongxin/shared';
import { careMapJson, type FoundPoint } from '../../../server/src/modules/meal-points/care-map.json';
import type { IndexedPoint } from '../../../server/src/modules/meal-points/care-points.directory';

const source = (id: string) => ({ id, location: { lat: 30.65, lng: 104.06 }, point: {} }) as unknown as IndexedPoint;

function item(id: string, overrides: Partial<CareMapItem> = {}): CareMapItem {
  return {
    id, kind: 'meal_point', name: '锦江区长者食堂 "东门"', address: '东大街 1 号\n二楼', location: { lat: 30.65, lng: 104.06 },
    distanceKm: 0.37, modes: ['dine_in', 'delivery'], contactPhone: '028-1234\u2028567', accessibilityNotes: '无障碍坡道',
    meal: {
      meal: 'lunch', date: '2026-12-02', open: true, capacity: 40, remaining: 0, bookingCutoffAt: '2026-12-02T02:00:00.000Z',
      price: { priceFen: 1500, subsidyFen: 500, payableFen: 1000, reason: 'age_80_plus' },
    },
    ...overrides,
  } as CareMapItem;
}

const asStringify = (found: FoundPoint[]) => JSON.stringify({ items: found.map((f) => f.item) });

describe('careMapJson', () => {
  it('when points are written from their serialized fixed fields, then the bytes are what JSON.stringify gives', () => {
    const found: FoundPoint[] = [
      { source: source('a'), item: item('a') },
      { source: source('b'), item: item('b', { kind: 'service_station', distanceKm: 2, meal: undefined }) },
      { source: source('c'), item: item('c', { accessibilityNotes: undefined as unknown as string, distanceKm: 0 }) },
    ];
    expect(careMapJson(found).toString()).toBe(asStringify(found));
    // Served again (fragments cached), with other distances and places left: still the same as stringify.
    found[0]!.item = item('a', { distanceKm: 1.25, meal: { ...item('a').meal!, remaining: 7 } });
    expect(careMapJson(found).toString()).toBe(asStringify(found));
    expect(careMapJson([]).toString()).toBe('{"items":[]}');
  });

  it('when a point is reloaded with new fields, then its new version is written, not the cached one', () => {
    const before: FoundPoint = { source: source('a'), item: item('a') };
    careMapJson([before]);
    const after: FoundPoint = { source: source('a'), item: item('a', { name: '新名字', modes: ['delivery'] }) };
    expect(careMapJson([after]).toString()).toBe(asStringify([after]));
  });
});
