import fc from 'fast-check';
import { Types } from 'mongoose';
import { distanceMetres, listNeedsQuerySchema } from '@tongxin/shared';
import { ValidationError } from '../../../server/src/platform/errors';
import {
  compareRanked, decodeCursor, encodeCursor, nextShiftStart, pageAfter, rankNeeds, type SearchCriteria,
} from '../../../server/src/modules/needs/needs.search';
import type { NeedRecord } from '../../../server/src/modules/needs/needs.repository';

const NOW = new Date('2026-12-01T00:00:00Z');
const HOUR = 3_600_000;
const CENTRE = { lat: 30.6571, lng: 104.0806 };

function aNeed(overrides: Partial<NeedRecord> & { startsInHours?: number[] } = {}): NeedRecord {
  const { startsInHours = [24], ...rest } = overrides;
  return {
    _id: new Types.ObjectId(),
    title: '测试需求', description: '', category: 'elderly_visit', beneficiaryType: 'elderly_alone',
    communityCode: '510104001001', districtCode: '510104', location: CENTRE, requiredSkills: [], status: 'open',
    shifts: startsInHours.map((h) => ({
      _id: new Types.ObjectId(), startsAt: new Date(NOW.getTime() + h * HOUR), endsAt: new Date(NOW.getTime() + (h + 2) * HOUR), capacity: 2,
    })),
    createdBy: new Types.ObjectId(), createdAt: NOW, updatedAt: NOW,
    ...rest,
  };
}

/** A point `km` kilometres due north of the centre. */
const north = (km: number) => ({ lat: CENTRE.lat + km / 111.195, lng: CENTRE.lng });
const soonest: SearchCriteria = { radiusKm: 5, sort: 'soonest' };

describe('nextShiftStart', () => {
  it('when shifts lie in the past and outside [from, to), then only upcoming ones inside count', () => {
    const need = aNeed({ startsInHours: [-3, 10, 30, 50] });
    expect(nextShiftStart(need, NOW)?.getTime()).toBe(NOW.getTime() + 10 * HOUR);
    const from = new Date(NOW.getTime() + 20 * HOUR);
    const to = new Date(NOW.getTime() + 50 * HOUR);
    expect(nextShiftStart(need, NOW, from, to)?.getTime()).toBe(NOW.getTime() + 30 * HOUR);
    expect(nextShiftStart(need, NOW, to)?.getTime()).toBe(NOW.getTime() + 50 * HOUR);
    expect(nextShiftStart(aNeed({ startsInHours: [-5] }), NOW)).toBeNull();
  });
});

describe('rankNeeds', () => {
  it('when near is given, then needs beyond the radius are left out and distances are whole metres', () => {
    const close = aNeed({ location: north(1) });
    const far = aNeed({ location: north(8) });
    const ranked = rankNeeds([close, far], { ...soonest, near: CENTRE }, NOW);
    expect(ranked.map((r) => r.need)).toEqual([close]);
    expect(ranked[0]!.distanceMetres).toBeGreaterThan(990);
    expect(ranked[0]!.distanceMetres).toBeLessThan(1010);
    expect(rankNeeds([close, far], { ...soonest, near: CENTRE, radiusKm: 10 }, NOW)).toHaveLength(2);
  });

  it('when distances are random, then every kept need is within the radius and none within it is dropped', () => {
    fc.assert(fc.property(fc.array(fc.double({ min: 0, max: 20, noNaN: true }), { maxLength: 20 }), fc.integer({ min: 1, max: 15 }), (kms, radiusKm) => {
      const needs = kms.map((km) => aNeed({ location: north(km) }));
      const ranked = rankNeeds(needs, { sort: 'nearest', near: CENTRE, radiusKm }, NOW);
      expect(ranked.every((r) => r.distanceMetres! <= radiusKm * 1000)).toBe(true);
      const expected = needs.filter((n) => Math.round(distanceMetres(CENTRE, n.location!)) <= radiusKm * 1000);
      expect(new Set(ranked.map((r) => r.need))).toEqual(new Set(expected));
    }));
  });

  it('when sorting soonest or nearest, then keys ascend with the id breaking ties', () => {
    const needs = [aNeed({ startsInHours: [30], location: north(1) }), aNeed({ startsInHours: [10], location: north(3) }),
      aNeed({ startsInHours: [10], location: north(2) })];
    const bySoonest = rankNeeds(needs, soonest, NOW);
    expect(bySoonest.map((r) => r.key)).toEqual([10, 10, 30].map((h) => NOW.getTime() + h * HOUR));
    expect(bySoonest[0]!.id < bySoonest[1]!.id).toBe(true);
    expect(rankNeeds(needs, { radiusKm: 5, near: CENTRE, sort: 'nearest' }, NOW).map((r) => r.need)).toEqual([needs[0], needs[2], needs[1]]);
  });

  it('when a skill is asked for, then only needs requiring it are kept; needs with no upcoming shift never are', () => {
    const driving = aNeed({ requiredSkills: ['driving'] });
    const past = aNeed({ startsInHours: [-10], requiredSkills: ['driving'] });
    expect(rankNeeds([driving, past, aNeed()], { ...soonest, skill: 'driving' }, NOW).map((r) => r.need)).toEqual([driving]);
  });
});

describe('search cursor', () => {
  const cursors = fc.record({
    sort: fc.constantFrom('soonest' as const, 'nearest' as const),
    key: fc.integer({ min: 0, max: 99_999_999_999_999 }),
    id: fc.stringMatching(/^[a-f0-9]{24}$/),
  });

  it('when encoded, then it decodes to the same position and fits the query limit', () => {
    fc.assert(fc.property(cursors, (cursor) => {
      const text = encodeCursor(cursor);
      expect(text).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
      expect(decodeCursor(text, cursor.sort)).toEqual(cursor);
    }));
  });

  it('when a cursor is tampered with or belongs to the other ordering, then it is a validation error', () => {
    fc.assert(fc.property(cursors, fc.nat(), fc.constantFrom(...'ABCxyz019_-'), (cursor, at, ch) => {
      const text = encodeCursor(cursor);
      const i = at % text.length;
      const tampered = text.slice(0, i) + ch + text.slice(i + 1);
      if (tampered === text) return;
      let decoded: unknown = null;
      try {
        decoded = decodeCursor(tampered, cursor.sort);
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        return;
      }
      // A change may still spell a valid cursor; it must then round-trip exactly.
      expect(encodeCursor(decoded as typeof cursor)).toBe(tampered);
    }));
    const other = encodeCursor({ sort: 'soonest', key: 1, id: 'a'.repeat(24) });
    expect(() => decodeCursor(other, 'nearest')).toThrow(ValidationError);
    for (const junk of ['', 'abc', Buffer.from('s.1.zz').toString('base64url'), Buffer.from('s.-1.' + 'a'.repeat(24)).toString('base64url')]) {
      expect(() => decodeCursor(junk, 'soonest')).toThrow(ValidationError);
    }
  });

  it('when paging through any ranking, then every item appears exactly once in order', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 30 }), fc.integer({ min: 1, max: 7 }), (keys, limit) => {
      const ranked = keys.map((key) => ({ need: aNeed(), id: new Types.ObjectId().toHexString(), key, nextShiftStartsAt: NOW })).sort(compareRanked);
      const seen: string[] = [];
      let cursor: string | null | undefined;
      do {
        const page = pageAfter(ranked, 'soonest', limit, cursor ? decodeCursor(cursor, 'soonest') : undefined);
        seen.push(...page.items.map((r) => r.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(ranked.map((r) => r.id));
    }));
  });
});

describe('listNeedsQuerySchema', () => {
  const parse = (query: Record<string, unknown>) => listNeedsQuerySchema.safeParse(query);

  it('when a query string is valid, then near becomes a point and defaults apply', () => {
    const parsed = parse({ near: '30.65,104.08', limit: '10' });
    expect(parsed.success && parsed.data).toMatchObject({ near: { lat: 30.65, lng: 104.08 }, radiusKm: 5, sort: 'soonest', limit: 10 });
  });

  it('when a field is wrong, then a Chinese message names it', () => {
    for (const [query, path] of [
      [{ radiusKm: '51' }, 'radiusKm'], [{ near: '1,2' }, 'near.lat'], [{ near: 'x' }, 'near'], [{ sort: 'nearest' }, 'near'],
      [{ districtCode: '110101' }, 'districtCode'], [{ skill: 'x' }, 'skill'], [{ nope: '1' }, ''],
      [{ from: '2026-12-02T00:00:00Z', to: '2026-12-01T00:00:00Z' }, 'to'],
    ] as const) {
      const parsed = parse(query);
      expect(parsed.success).toBe(false);
      const issue = parsed.error!.issues[0]!;
      expect({ query, path: issue.path.join('.') }).toEqual({ query, path });
      expect(issue.message).toMatch(/[\u4e00-\u9fa5]/);
    }
  });
});
