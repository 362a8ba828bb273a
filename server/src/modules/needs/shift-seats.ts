import { Schema, type Connection, type Model, type Types } from 'mongoose';
import type { Redis } from '../../platform/redis';
import { insertOnce } from '../../platform/insert-once';

/** One taken place on a shift. `_id` is `<shiftId>#<seat number>`: a place is held by whoever inserted it. */
interface SeatRecord {
  _id: string;
  shiftId: Types.ObjectId;
  enrollmentId: string;
  claimedAt: Date;
}

const seatSchema = new Schema<SeatRecord>(
  {
    _id: { type: String, required: true },
    shiftId: { type: Schema.Types.ObjectId, required: true },
    enrollmentId: { type: String, required: true },
    claimedAt: { type: Date, required: true },
  },
  { strict: 'throw', collection: 'shift_seats', versionKey: false },
);
seatSchema.index({ shiftId: 1 });

// Changes a counter only while it exists; a missing counter is rebuilt from the seats, never guessed.
const ADD_IF_PRESENT = `if redis.call('exists', KEYS[1]) == 1 then return redis.call('incrby', KEYS[1], ARGV[1]) end return false`;
const COUNTER_TTL_SECONDS = 60 * 86_400;

/**
 * Places on shifts, safe under any concurrency on every MongoDB-compatible store: a place is a
 * document with a unique `_id`, so two sign-ups can never hold the same one and a shift never has
 * more holders than seat numbers. (FerretDB 1.24 applies updates as read-then-write, so a guarded
 * `$inc` overbooks there; inserts on a unique `_id` are its one atomic primitive.) Redis keeps the
 * live count per shift for display and for refusing a full shift without trying every seat.
 */
export class ShiftSeats {
  private readonly seats: Model<SeatRecord>;

  constructor(
    connection: Connection,
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {
    this.seats = (connection.models.ShiftSeat as Model<SeatRecord> | undefined) ?? connection.model<SeatRecord>('ShiftSeat', seatSchema);
  }

  /** Takes a free seat number in 1..capacity; null when the shift is full. */
  async claim(shiftId: Types.ObjectId, capacity: number, enrollmentId: string): Promise<number | null> {
    const id = shiftId.toHexString();
    if ((await this.taken([id])).get(id)! >= capacity) return null;
    // Each claimant starts at its own seat, so under a burst most sign-ups succeed on the first insert.
    const start = await this.redis.incr(`${this.prefix}:seat-cursor:${id}`);
    for (let i = 0; i < capacity; i++) {
      const seat = ((start - 1 + i) % capacity) + 1;
      if (!(await insertOnce(this.seats, { _id: `${id}#${seat}`, shiftId, enrollmentId, claimedAt: new Date() }))) continue;
      await this.redis.eval(ADD_IF_PRESENT, 1, this.counterKey(id), 1);
      return seat;
    }
    return null;
  }

  /** Frees a seat if this enrollment holds it; true when it did. */
  async release(shiftId: Types.ObjectId, seat: number, enrollmentId: string): Promise<boolean> {
    const id = shiftId.toHexString();
    const { deletedCount } = await this.seats.deleteOne({ _id: `${id}#${seat}`, enrollmentId }).exec();
    if (deletedCount === 1) await this.redis.eval(ADD_IF_PRESENT, 1, this.counterKey(id), -1);
    return deletedCount === 1;
  }

  /** Whether any seat numbered above `capacity` (up to `previous`) is held: a shift cannot shrink below them. */
  async anyHeldAbove(shiftId: Types.ObjectId, capacity: number, previous: number): Promise<boolean> {
    const ids = Array.from({ length: Math.max(0, previous - capacity) }, (_, i) => `${shiftId.toHexString()}#${capacity + i + 1}`);
    for (const id of ids) if (await this.seats.exists({ _id: id })) return true;
    return false;
  }

  /** Starts the live counts of new shifts at zero, so the first sign-ups need not count seats in the store. */
  async initialize(shiftIds: string[]): Promise<void> {
    const pipeline = this.redis.pipeline();
    for (const id of shiftIds) pipeline.set(this.counterKey(id), 0, 'EX', COUNTER_TTL_SECONDS, 'NX');
    await pipeline.exec();
  }

  /** Places taken per shift, from Redis; a missing counter is rebuilt by counting the seats. */
  async taken(shiftIds: string[]): Promise<Map<string, number>> {
    const result = new Map<string, number>();
    if (shiftIds.length === 0) return result;
    const counters = await this.redis.mget(shiftIds.map((id) => this.counterKey(id)));
    for (const [i, id] of shiftIds.entries()) {
      const cached = counters[i];
      result.set(id, cached !== null && cached !== undefined ? Number(cached) : await this.rebuild(id));
    }
    return result;
  }

  private async rebuild(shiftId: string): Promise<number> {
    const count = await this.seats.countDocuments({ shiftId }).exec();
    await this.redis.set(this.counterKey(shiftId), count, 'EX', COUNTER_TTL_SECONDS, 'NX');
    return count;
  }

  private counterKey(shiftId: string): string {
    return `${this.prefix}:seats-taken:${shiftId}`;
  }
}
