import fc from 'fast-check';
import { NEED_CATEGORY_CODES, SKILL_CODES, overlapsShift, type NeedCategory, type SkillCode } from '@tongxin/shared';
import { FLAG_ACTIVE, FLAG_CONSENT, idAt, VolunteerColumns, type VolunteerEntry } from '../../../server/src/modules/matching/index/columns';
import { MatchIndex } from '../../../server/src/modules/matching/index/match-index';
import { prepareQuery, shiftSlotMask, type ShiftCriteria } from '../../../server/src/modules/matching/index/query';
import type { Ranked } from '../../../server/src/modules/matching/index/top-k';

const HOUR = 3_600_000;
const BASE = Date.UTC(2026, 11, 7, 0, 0); // Monday 08:00 in Shanghai

const SKILL_BITS = (1 << SKILL_CODES.length) - 1;
const RARE = [SKILL_CODES.indexOf('sign_language'), SKILL_CODES.indexOf('legal_aid')];

// Mostly a dense block of 0.005° steps (several rows per 0.01° cell), some far apart (empty cells between).
const latArb = fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0, max: 20 }).map((n) => 30.5 + n * 0.005) },
  { weight: 1, arbitrary: fc.integer({ min: -8, max: 8 }).map((n) => 30.55 + n * 0.03) });
const lngArb = fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0, max: 20 }).map((n) => 103.9 + n * 0.005) },
  { weight: 1, arbitrary: fc.integer({ min: -8, max: 8 }).map((n) => 103.95 + n * 0.03) });
// Long-tailed skills: 0–3 drawn with common ones (elderly care, child care, tutoring, cooking) far
// likelier than rare ones (sign language, legal aid), sometimes any mask of the taxonomy.
const WEIGHTED_SKILLS = [0, 0, 0, 0, 0, 2, 2, 2, 6, 6, 6, 8, 8, 8, 7, 7, 1, 1, 3, 4, 10, 11, 12, 13, 14, ...RARE];
const skillsArb = fc.oneof({ weight: 5, arbitrary: fc.array(fc.constantFrom(...WEIGHTED_SKILLS), { maxLength: 3 }).map((bits) => bits.reduce((m, b) => m | (1 << b), 0)) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: SKILL_BITS }) });

// A few coarse values per attribute, so ties and filters are common.
const entryArb = fc.record({
  id: fc.uint8Array({ minLength: 12, maxLength: 12 }).map((b) => Buffer.from(b).toString('hex')),
  lat: latArb,
  lng: lngArb,
  skills: skillsArb,
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
  lat: fc.oneof(fc.integer({ min: -5, max: 25 }).map((n) => 30.5 + n * 0.005), latArb),
  lng: fc.oneof(fc.integer({ min: -5, max: 25 }).map((n) => 103.9 + n * 0.005), lngArb),
  radiusKm: fc.constantFrom(0.5, 2, 5, 10, 30),
  category: fc.constantFrom(...NEED_CATEGORY_CODES),
  required: fc.oneof({ weight: 3, arbitrary: fc.constant([] as SkillCode[]) }, { weight: 3, arbitrary: fc.constantFrom(...WEIGHTED_SKILLS).map((b) => [SKILL_CODES[b]!]) },
    { weight: 1, arbitrary: fc.subarray([...SKILL_CODES] as SkillCode[], { maxLength: 2 }) }),
  // Daytime starts in Shanghai (UTC+8): 09:00, 10:00, 14:00, 18:00, and now and then any hour.
  startHour: fc.oneof(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.constantFrom(1, 2, 6, 10)).map(([d, h]) => d * 24 + h), fc.integer({ min: 0, max: 167 })),
  hours: fc.integer({ min: 1, max: 4 }),
  communityCode: fc.constantFrom('510104001001', '510104001002', '510104001003'),
  limit: fc.oneof(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 15 })),
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
  it('when searched, then it returns exactly the naive scan\'s top-K in the same order (ties by id): rare and absent skills, empty cells, also after live changes', () => {
    let found = 0;
    let full = 0;
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
        // Live changes: moves and edits of indexed volunteers (reusing their ids), skill changes in
        // place (same point: the skill lists must not go stale) and new volunteers.
        changes.forEach((change, i) => {
          const target = entries.length > 0 && i % 3 !== 2 ? entries[(pick + i) % entries.length]! : null;
          if (target && i % 3 === 1) index.upsert({ ...target, skills: change.skills, reliability: change.reliability, community: change.community });
          else index.upsert(target ? { ...change, id: target.id } : change);
        });
        if (entries.length > 0) index.busy.set(entries[pick % entries.length]!.id, [{ shiftId: 'x', start: BASE, end: BASE + 48 * HOUR, enrolled: true }]);
        const exclude = new Set(entries.filter((_, i) => i % 17 === 3).map((e) => e.id));
        for (const raw of queries) {
          const criteria = toCriteria(raw);
          const q = prepareQuery(criteria, 480);
          const context = { exclude, startMs: criteria.startsAt.getTime(), endMs: criteria.endsAt.getTime() };
          const expected = answer(index.scan(q, context));
          expect(answer(index.search(q, context))).toEqual(expected);
          if (expected.length > 0) found += 1;
          if (expected.length === q.limit) full += 1;
          queried += 1;
        }
      },
    ), { numRuns: 300 });
    // The generated cases are not vacuous: a third of the queries find candidates, and over a tenth fill their top-K
    // (where the search prunes cells and stops passes early).
    expect(found / queried).toBeGreaterThan(0.3);
    expect(full / queried).toBeGreaterThan(0.12);
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
