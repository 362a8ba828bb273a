import type { Connection, Types } from 'mongoose';
import type { Redis } from '../../platform/redis';
import { PlacePool } from '../../platform/place-pool';

/**
 * Places on shifts: a pool per shift in `shift_seats`, seat `_id` `<shiftId>#<seat number>` (see
 * PlacePool for why places are inserted documents rather than a counter).
 */
export class ShiftSeats {
  private readonly pool: PlacePool;

  constructor(connection: Connection, redis: Redis, prefix: string) {
    this.pool = new PlacePool(connection, redis, prefix, {
      collection: 'shift_seats', modelName: 'ShiftSeat', counterName: 'seats-taken', cursorName: 'seat-cursor',
    });
  }

  /** Takes a free seat number in 1..capacity; null when the shift is full. */
  claim(shiftId: Types.ObjectId, capacity: number, enrollmentId: string): Promise<number | null> {
    return this.pool.claim(shiftId.toHexString(), capacity, enrollmentId);
  }

  /** Frees a seat if this enrollment holds it; true when it did. */
  release(shiftId: Types.ObjectId, seat: number, enrollmentId: string): Promise<boolean> {
    return this.pool.release(shiftId.toHexString(), seat, enrollmentId);
  }

  /** Whether any seat numbered above `capacity` (up to `previous`) is held: a shift cannot shrink below them. */
  anyHeldAbove(shiftId: Types.ObjectId, capacity: number, previous: number): Promise<boolean> {
    return this.pool.anyHeldAbove(shiftId.toHexString(), capacity, previous);
  }

  /** Starts the live counts of new shifts at zero, so the first sign-ups need not count seats in the store. */
  initialize(shiftIds: string[]): Promise<void> {
    return this.pool.initialize(shiftIds);
  }

  /** Places taken per shift, from Redis; a missing counter is rebuilt by counting the seats. */
  taken(shiftIds: string[]): Promise<Map<string, number>> {
    return this.pool.taken(shiftIds);
  }
}
