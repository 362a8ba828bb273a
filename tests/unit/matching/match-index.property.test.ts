import fc from 'fast-check';
import { NEED_CATEGORY_CODES, SKILL_CODES, overlapsShift, type NeedCategory, type SkillCode } from '@tongxin/shared';
import { FLAG_ACTIVE, FLAG_CONSENT, idAt, VolunteerColumns, type VolunteerEntry } from '../../../server/src/modules/matching/index/columns';
import { MatchIndex } from '../../../server/src/modules/matching/index/match-index';
import { prepareQuery, shiftSlotMask, type ShiftCriteria } from '../../../server/src/modules/matching/index/query';
import type { Ranked } from '../../../server/src/modules/matching/index/top-k';

const HOUR = 3_600_000;
const BASE = Date.UTC(2026, 11, 7, 0, 0); // Monday 08:00 in Shanghai

// A few coarse values per attribute, so ties and filters are common.
const entryArb = fc.record({
  id: fc.uint8Array({ minLength: 12, maxLength: 12 }).map((b) => Buffer.from(b).toString('hex')),
  lat: fc.integer({ min: 0, max: 20 }).map((n) => 30.5 + n * 0.005),
  lng: fc.integer({ min: 0, max: 20 }).map((n) => 103.9 + n * 0.005),
  skills: fc.integer({ min: 0, max: 7 }),
  availability: fc.constantFrom(0, 0xfffffff, 0xfffffff, 0x0f0f0f0, 0x000ff00, 0xf000000),
  birthDay: fc.constantFrom(30000, 38000, 40000, 41000, 45500, 0xffff),
  flags: fc.constantFrom(FLAG_ACTIVE, FLAG_ACTIVE, FLAG_ACTIVE | FLAG_CONSENT, 0),
  reliability: fc.constantFrom(128, 200, 255),
  loadMinutes: fc.constantFrom(0, 0, 120, 400),
  invites: fc.constantFrom(0, 0, 1, 3),
  servedDays: fc.constantFrom(0, 0, 0x3f, 0x1),
  community: fc.constantFrom(0, 1, 2, 0xffff),
  radiusKm: fc.constantFrom(1, 3, 5, 20),
}) satisfies fc.Arbitrary<VolunteerEntry>;

const criteriaArb = fc.record({
  lat: fc.integer({ min: -5, max: 25 }).map((n) => 30.5 + n * 0.005),
  lng: fc.integer({ min: -5, max: 25 }).map((n) => 103.9 + n * 0.005),
  radiusKm: fc.constantFrom(0.5, 2, 5, 10),
  category: fc.constantFrom(...NEED_CATEGORY_CODES),
  required: fc.subarray(SKILL_CODES.slice(0, 3) as SkillCode[], { maxLength: 1 }),
  // Daytime starts in Shanghai (UTC+8): 09:00, 10:00, 14:00, 18:00, and now and then any hour.
  startHour: fc.oneof(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.constantFrom(1, 2, 6, 10)).map(([d, h]) => d * 24 + h), fc.integer({ min: 0, max: 167 })),
  hours: fc.integer({ min: 1, max: 4 }),
  communityCode: fc.constantFrom('510104001001', '510104001002', '510104001003'),
  limit: fc.integer({ min: 1, max: 15 }),
});

function toCriteria(c: fc.Arbitrary<unknown> extends never ? never : {
  lat: number; lng: number; radiusKm: number; category: NeedCategory; required: SkillCode[]; startHour: number; hours: number; communityCode: string; limit: number;
}): ShiftCriteria {
  const startsAt = new Date(BASE + c.startHour * HOUR);
  return {
    location: { lat: c.lat, lng: c.lng }, radiusKm: c.radiusKm, category: c.category, requiredSkills: c.required,
    startsAt, endsAt: new Date(startsAt.getTime() + c.hours * HOUR), communityCode: c.communityCode, limit: c.limit,
  };
}

const answer = (ranked: Ranked[]) => ranked.map((r) => [idAt(r.columns.ids, r.row), r.score]);

describe('MatchIndex', () => {
  it('when searched, then it returns exactly the naive scan\'s top-K in the same order (ties by id), also after live changes', () => {
    let found = 0;
    let queried = 0;
    fc.assert(fc.property(
      fc.uniqueArray(entryArb, { selector: (e) => e.id, minLength: 40, maxLength: 300, size: 'max' }),
      fc.array(entryArb, { maxLength: 20 }),
      fc.array(criteriaArb, { minLength: 1, maxLength: 5 }),
      fc.nat(),
      (entries, changes, queries, pick) => {
        const staging = new VolunteerColumns(16);
        for (const e of entries) staging.push(e);
        const index = MatchIndex.build(staging);
        // Live changes: moves and edits of indexed volunteers (reusing their ids) and new ones.
        changes.forEach((change, i) => {
          const target = entries.length > 0 && i % 2 === 0 ? entries[(pick + i) % entries.length]! : null;
          index.upsert(target ? { ...change, id: target.id } : change);
        });
        if (entries.length > 0) index.busy.set(entries[pick % entries.length]!.id, [{ shiftId: 'x', start: BASE, end: BASE + 48 * HOUR, enrolled: true }]);
        const exclude = new Set(entries.filter((_, i) => i % 17 === 3).map((e) => e.id));
        for (const raw of queries) {
          const criteria = toCriteria(raw);
          const q = prepareQuery(criteria, 480);
          const context = { exclude, startMs: criteria.startsAt.getTime(), endMs: criteria.endsAt.getTime() };
          const expected = answer(index.scan(q, context));
          expect(answer(index.search(q, context))).toEqual(expected);
          found += expected.length;
          queried += 1;
        }
      },
    ), { numRuns: 200 });
    // The generated cases are not vacuous: queries usually find candidates.
    expect(found / queried).toBeGreaterThan(1);
  });

  it('when a shift is turned into a slot mask, then it agrees with overlapsShift for every single-slot availability', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 24 * 14 * 4 }), fc.integer({ min: 1, max: 60 * 30 }), fc.integer({ min: 0, max: 27 }),
      (quarter, minutes, bit) => {
        const startsAt = new Date(BASE + quarter * 15 * 60_000);
        const endsAt = new Date(startsAt.getTime() + minutes * 60_000);
        expect((shiftSlotMask(startsAt, endsAt) & (1 << bit)) !== 0).toBe(overlapsShift(2 ** bit, startsAt, endsAt));
      }));
  });
});
