import { Schema, type Connection, type Model } from 'mongoose';
import type { Redis } from '../../platform/redis';
import { insertOnce } from '../../platform/insert-once';

/** A diner's rating of one served meal; `_id` is the booking id, so a booking is rated once. */
interface RatingRecord {
  _id: string;
  pointId: string;
  stars: number;
  comment: string;
  ratedBy: string;
  ratedAt: Date;
}

const ratingSchema = new Schema<RatingRecord>(
  {
    _id: { type: String, required: true },
    pointId: { type: String, required: true },
    stars: { type: Number, required: true },
    comment: { type: String, default: '' },
    ratedBy: { type: String, required: true },
    ratedAt: { type: Date, required: true },
  },
  { strict: 'throw', collection: 'meal_ratings', versionKey: false },
);
ratingSchema.index({ pointId: 1 });

/** Ratings: inserted once per booking; the per-point sum and count live in a Redis hash (rebuilt from the store when missing). */
export class MealRatings {
  private readonly ratings: Model<RatingRecord>;

  constructor(connection: Connection, private readonly redis: Redis, private readonly prefix: string) {
    this.ratings = (connection.models.MealRating as Model<RatingRecord> | undefined) ?? connection.model<RatingRecord>('MealRating', ratingSchema);
  }

  /** False when this booking was rated before. */
  async rate(bookingId: string, pointId: string, stars: number, comment: string, ratedBy: string): Promise<boolean> {
    if (!(await insertOnce(this.ratings, { _id: bookingId, pointId, stars, comment, ratedBy, ratedAt: new Date() }))) return false;
    const key = this.key(pointId);
    if (await this.redis.exists(key)) await this.redis.multi().hincrby(key, 'sum', stars).hincrby(key, 'count', 1).exec();
    else await this.rebuild(pointId);
    return true;
  }

  async summaries(pointIds: string[]): Promise<Map<string, { average: number | null; count: number }>> {
    const pipeline = this.redis.pipeline();
    for (const id of pointIds) pipeline.hmget(this.key(id), 'sum', 'count');
    const replies = (await pipeline.exec()) ?? [];
    const result = new Map<string, { average: number | null; count: number }>();
    for (const [i, id] of pointIds.entries()) {
      const [sum, count] = (replies[i]?.[1] as Array<string | null> | undefined) ?? [null, null];
      const tally = sum === null || count === null ? await this.rebuild(id) : { sum: Number(sum), count: Number(count) };
      result.set(id, { average: tally.count === 0 ? null : Math.round((tally.sum / tally.count) * 10) / 10, count: tally.count });
    }
    return result;
  }

  private async rebuild(pointId: string): Promise<{ sum: number; count: number }> {
    const rows = await this.ratings.find({ pointId }, { stars: 1 }).lean<Array<{ stars: number }>>().exec();
    const tally = { sum: rows.reduce((a, r) => a + r.stars, 0), count: rows.length };
    await this.redis.hset(this.key(pointId), 'sum', tally.sum, 'count', tally.count);
    return tally;
  }

  private key(pointId: string): string {
    return `${this.prefix}:meal-rating:${pointId}`;
  }
}
