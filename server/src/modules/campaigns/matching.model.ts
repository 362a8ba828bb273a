import { Schema, Types, type Connection } from 'mongoose';
import { modelOf } from '../../platform/db';

/**
 * A sponsor's matching pool for one campaign (`_id` is the campaign id); amounts in fen. What remains
 * is the head of its draw chain (draw-chains.ts), never a field updated in place.
 */
export interface MatchingPoolRecord {
  _id: Types.ObjectId;
  sponsorName: string;
  /** Matched fen per 100 fen donated. */
  ratioPercent: number;
  capFen: number;
  perDonorDailyCapFen: number;
  createdAt: Date;
}

const poolSchema = new Schema<MatchingPoolRecord>(
  {
    _id: { type: Schema.Types.ObjectId, required: true },
    sponsorName: { type: String, required: true },
    ratioPercent: { type: Number, required: true, min: 1 },
    capFen: { type: Number, required: true, min: 0 },
    perDonorDailyCapFen: { type: Number, required: true, min: 1 },
    createdAt: { type: Date, required: true },
  },
  { strict: 'throw', versionKey: false, collection: 'matching_pools' },
);

export function matchingModels(connection: Connection) {
  return {
    pools: modelOf(connection, 'MatchingPool', poolSchema),
  };
}
