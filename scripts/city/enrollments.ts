import type { BulkWriter } from './bulk-writer';
import type { CityGeography } from './geography';
import type { GeneratedShift } from './needs';
import type { CityRandom } from './random';
import type { VolunteerRoster } from './volunteers';

/**
 * Past sign-ups on past shifts near the volunteer's home (same district when it has any) with the
 * reliability facts they left: attended (`completed`), `no_show`, or a `late_cancellation`, drawn from
 * the volunteer's latent reliability. Ids follow the enrollments module: `<shiftId>:<userId>`, facts
 * `<kind>:<id>@<createdAt ms>`.
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
  let written = 0;
  for (let i = 0; i < count; i++) {
    const v = random.int(0, roster.size - 1);
    const userId = roster.ids[v]!;
    const district = geography.communities[roster.communityIndex[v]!]!.code.slice(0, 6);
    const shift = random.pick(byDistrict.get(district) ?? pastShifts);
    const id = `${shift.shiftId.toHexString()}:${userId.toHexString()}`;
    if (taken.has(id)) continue;
    taken.add(id);
    const createdAt = new Date(shift.startsAt.getTime() - random.int(1, 7) * 86_400_000);
    const generation = `${id}@${createdAt.getTime()}`;
    const roll = random.float();
    const reliable = roster.reliability[v]!;
    const kind = roll < reliable ? 'completed' : roll < reliable + (1 - reliable) * 0.7 ? 'no_show' : 'late_cancellation';
    const status = kind === 'completed' ? 'enrolled' : kind === 'no_show' ? 'no_show' : 'cancelled';
    await writer.add('enrollments', {
      _id: id, needId: shift.needId, shiftId: shift.shiftId, userId, communityCode: shift.communityCode, needTitle: shift.needTitle, status,
      startsAt: shift.startsAt, endsAt: shift.endsAt, ...(kind === 'late_cancellation' ? { cancelledAt: shift.startsAt, lateCancellation: true } : {}),
      createdAt, updatedAt: shift.endsAt, __v: 0,
    });
    await writer.add('reliability_events', { _id: `${kind}:${generation}`, userId, kind, at: shift.endsAt });
    written++;
  }
  return written;
}
