import fc from 'fast-check';
import { createDonationSchema, cursorQuerySchema, DONATION_LIMITS, listNeedsQuerySchema, pointSchema } from '@tongxin/shared';

// Whatever arrives at the edge, a schema either refuses it or yields a value the domain can trust:
// finite, integral where it must be, inside its bounds. These properties throw everything at them.

const hostileNumbers = fc.oneof(
  fc.double(),
  fc.constantFrom(Number.NaN, Infinity, -Infinity, -0, Number.MAX_VALUE, Number.MIN_VALUE, 2 ** 53, 2 ** 53 + 2, 1e21),
  fc.integer(),
);
const hostileQueryText = fc.oneof(
  fc.string(),
  fc.constantFrom('NaN', 'Infinity', '-Infinity', '1e400', '0x10', ' 5 ', '', '5abc', '1e2', '[object Object]', '-0', '00007', '9'.repeat(400)),
  hostileNumbers.map(String),
);
const anyJson = fc.jsonValue();

describe('money at the edge (createDonationSchema.amountFen)', () => {
  it('accepts exactly the integers within the limits and nothing else', () => {
    fc.assert(fc.property(fc.oneof(hostileNumbers, anyJson), (amountFen) => {
      const result = createDonationSchema.safeParse({ amountFen });
      const acceptable = typeof amountFen === 'number' && Number.isInteger(amountFen)
        && amountFen >= DONATION_LIMITS.minFen && amountFen <= DONATION_LIMITS.maxFen;
      return result.success === acceptable && (!result.success || result.data.amountFen === amountFen);
    }), { numRuns: 2000 });
  });

  it('never accepts a numeric string, an object or an operator for the amount', () => {
    fc.assert(fc.property(fc.oneof(hostileQueryText, fc.dictionary(fc.string(), anyJson)), (amountFen) =>
      !createDonationSchema.safeParse({ amountFen }).success));
  });
});

describe('coordinates (pointSchema)', () => {
  it('a parsed point is always finite and inside the Chengdu bounds', () => {
    fc.assert(fc.property(hostileNumbers, hostileNumbers, (lat, lng) => {
      const result = pointSchema.safeParse({ lat, lng });
      if (!result.success) return true;
      const p = result.data;
      return Number.isFinite(p.lat) && Number.isFinite(p.lng) && p.lat >= 29.9 && p.lat <= 31.5 && p.lng >= 102.9 && p.lng <= 105;
    }), { numRuns: 2000 });
  });

  it('every point inside the bounds is accepted unchanged', () => {
    fc.assert(fc.property(fc.double({ min: 29.9, max: 31.5, noNaN: true }), fc.double({ min: 102.9, max: 105, noNaN: true }), (lat, lng) => {
      const result = pointSchema.safeParse({ lat, lng });
      return result.success && result.data.lat === lat && result.data.lng === lng;
    }));
  });

  it('extra keys (including operators and prototype keys) are refused', () => {
    fc.assert(fc.property(fc.constantFrom('$gt', '__proto__', 'constructor', 'alt', '$where'), anyJson, (key, value) => {
      const body = JSON.parse(`{"lat":30.6,"lng":104.06,${JSON.stringify(key)}:${JSON.stringify(value ?? null)}}`);
      return !pointSchema.safeParse(body).success;
    }));
  });
});

describe('limits and radii from query strings', () => {
  it('a page limit, when accepted, is an integer from 1 to 100', () => {
    fc.assert(fc.property(hostileQueryText, (limit) => {
      const result = cursorQuerySchema.safeParse({ limit });
      return !result.success || (Number.isInteger(result.data.limit) && result.data.limit >= 1 && result.data.limit <= 100);
    }), { numRuns: 2000 });
  });

  it('a search radius, when accepted, is finite, positive and at most 50 km; a near point is inside the city', () => {
    fc.assert(fc.property(hostileQueryText, fc.oneof(hostileQueryText, fc.tuple(hostileNumbers, hostileNumbers).map(([a, b]) => `${a},${b}`)), (radiusKm, near) => {
      const result = listNeedsQuerySchema.safeParse({ radiusKm, near });
      if (!result.success) return true;
      const { radiusKm: r, near: p } = result.data;
      return Number.isFinite(r) && r > 0 && r <= 50 && (!p || (Number.isFinite(p.lat) && Number.isFinite(p.lng) && p.lat >= 29.9 && p.lat <= 31.5));
    }), { numRuns: 2000 });
  });

  it('unknown query fields are refused rather than ignored, so a misspelled filter never means "everything"', () => {
    fc.assert(fc.property(fc.constantFrom('districtcode', 'skills', 'categroy', 'radius', 'radiusKm[$gt]', 'status'), fc.string(), (key, value) =>
      !listNeedsQuerySchema.safeParse({ [key]: value }).success));
  });
});
