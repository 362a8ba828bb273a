import { createHmac } from 'node:crypto';
import { shanghaiDate } from '@tongxin/shared';
import type { Redis } from '../../platform/redis';
import type { AttendanceRecord, AttendanceRepository } from './attendance.repository';

/** Presence this much longer than the shift (early check-in plus late check-out) is worth a look. */
const BEYOND_SHIFT_TOLERANCE_MS = 30 * 60_000;

export interface ImplausibilityRules {
  /** More distinct volunteers than this checking in from one device in a day flags them all from then on. */
  deviceVolunteersPerDay: number;
  /** HMAC key for device ids at rest. */
  hashKey: string;
  /** Redis key prefix. */
  prefix: string;
}

/**
 * Flags patterns staff should look at, without refusing anything (a volunteer lending a phone to a
 * neighbour is not fraud): records overlapping the volunteer's other records, presence well beyond the
 * shift, and one device checking in many volunteers. Flags only add; staff review them in the list.
 */
export class Implausibility {
  constructor(
    private readonly repository: AttendanceRepository,
    private readonly redis: Redis,
    private readonly rules: ImplausibilityRules,
  ) {}

  /** The key a device id is stored under: the raw id never reaches the store. */
  deviceKey(deviceId: string): string {
    return createHmac('sha256', this.rules.hashKey).update(`device:${deviceId}`).digest('base64url').slice(0, 22);
  }

  /**
   * Counts distinct volunteers per device and Shanghai day in a Redis set (atomic, expires after two
   * days); past the limit this check-in is flagged `shared_device`.
   */
  async afterCheckIn(record: Pick<AttendanceRecord, '_id' | 'userId' | 'checkInAt'>, deviceKey: string | undefined): Promise<string[]> {
    if (!deviceKey) return [];
    const key = `${this.rules.prefix}:device-volunteers:${shanghaiDate(record.checkInAt)}:${deviceKey}`;
    const results = await this.redis.multi().sadd(key, record.userId.toHexString()).scard(key).expire(key, 2 * 86_400).exec();
    const count = Number(results?.[1]?.[1] ?? 0);
    const flags = count > this.rules.deviceVolunteersPerDay ? ['shared_device'] : [];
    await this.repository.addFlags(record._id, flags);
    return flags;
  }

  /** After a check-out (by the volunteer, offline or automatic): presence beyond the shift, overlaps with other records. */
  async afterCheckOut(record: AttendanceRecord): Promise<string[]> {
    if (!record.checkOutAt) return [];
    const flags: string[] = [];
    const presence = record.checkOutAt.getTime() - record.checkInAt.getTime();
    if (presence > record.shiftEndsAt.getTime() - record.shiftStartsAt.getTime() + BEYOND_SHIFT_TOLERANCE_MS) flags.push('beyond_shift');
    const others = (await this.repository.listByUser(record.userId.toHexString())).filter((r) => r._id !== record._id && overlaps(r, record));
    if (others.length > 0) flags.push('overlapping');
    await this.repository.addFlags(record._id, flags);
    // The other side of an overlap is just as doubtful, and may belong to another community's staff.
    for (const other of others) await this.repository.addFlags(other._id, ['overlapping']);
    return flags;
  }
}

function overlaps(a: AttendanceRecord, b: AttendanceRecord): boolean {
  const end = (r: AttendanceRecord) => (r.checkOutAt ?? r.shiftEndsAt).getTime();
  return a.checkInAt.getTime() < end(b) && b.checkInAt.getTime() < end(a);
}
