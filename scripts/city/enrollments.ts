import type { BulkWriter } from './bulk-writer';
import type { CityGeography } from './geography';
import type { GeneratedShift } from './needs';
import type { CityRandom } from './random';
import type { VolunteerRoster } from './volunteers';

/** Other shifts of the district tried when the drawn one is full, before the sign-up is given up. */
const FULL_RETRIES = 3;

/**
 * Past sign-ups on past shifts near the volunteer's home (same district when it has any) with the
 * reliability facts they left: attended (`completed`), `no_show`, or a `late_cancellation`, drawn from
 * the volunteer's latent reliability. Ids follow the enrollments module: `<shiftId>:<userId>`, facts
 * `<kind>:<id>@<createdAt ms>`. As the service does, an attended or no-show sign-up holds a seat of
 * its shift (`shift_seats` `<shiftId>#<n>`, `pool` = shift, `holder` = enrollment; `seat` on the
 * enrollment) and a late cancellation gave its seat back; a shift never holds more than its
 * capacity, so a sign-up whose shifts are full is not made.
 */
export async function generatePastEnrollments(
  random: CityRandom, geography: CityGeography, writer: BulkWriter, roster: VolunteerRoster, pastShifts: GeneratedShift[], count: number,
): Promise<number> {
  if (pastShifts.length === 0 || roster.size === 0) return 0;
  const byDistrict = new Map<string, GeneratedShift[]>();
  for (const shift of pastShifts) {
    const district = shift.communityCode.slice(0, 6);
    const list = byDistrict.get(district);
    if (list) list.push(shift);
    else byDistrict.set(district, [shift]);
  }
  const taken = new Set<string>();
  const seatsHeld = new Map<string, number>();
  let written = 0;
  for (let i = 0; i < count; i++) {
    const v = random.int(0, roster.size - 1);
    const userId = roster.ids[v]!;
    const district = geography.communities[roster.communityIndex[v]!]!.code.slice(0, 6);
    const candidates = byDistrict.get(district) ?? pastShifts;
    let shift = random.pick(candidates);
    for (let retry = 0; retry < FULL_RETRIES && (seatsHeld.get(shift.shiftId.toHexString()) ?? 0) >= shift.capacity; retry++) shift = random.pick(candidates);
    const shiftId = shift.shiftId.toHexString();
    const seat = (seatsHeld.get(shiftId) ?? 0) + 1;
    if (seat > shift.capacity) continue;
    const id = `${shiftId}:${userId.toHexString()}`;
    if (taken.has(id)) continue;
    taken.add(id);
    const createdAt = new Date(shift.startsAt.getTime() - random.int(1, 7) * 86_400_000);
    const generation = `${id}@${createdAt.getTime()}`;
    const roll = random.float();
    const reliable = roster.reliability[v]!;
    const kind = roll < reliable ? 'completed' : roll < reliable + (1 - reliable) * 0.7 ? 'no_show' : 'late_cancellation';
    const status = kind === 'completed' ? 'enrolled' : kind === 'no_show' ? 'no_show' : 'cancelled';
    const holdsSeat = kind !== 'late_cancellation';
    await writer.add('enrollments', {
      _id: id, needId: shift.needId, shiftId: shift.shiftId, userId, communityCode: shift.communityCode, needTitle: shift.needTitle, status,
      startsAt: shift.startsAt, endsAt: shift.endsAt, ...(holdsSeat ? { seat } : { cancelledAt: shift.startsAt, lateCancellation: true }),
      createdAt, updatedAt: shift.endsAt, __v: 0,
    });
    if (holdsSeat) {
      seatsHeld.set(shiftId, seat);
      await writer.add('shift_seats', { _id: `${shiftId}#${seat}`, pool: shiftId, holder: id, claimedAt: createdAt });
    }
    await writer.add('reliability_events', { _id: `${kind}:${generation}`, userId, kind, at: shift.endsAt });
    written++;
  }
  return written;
}
