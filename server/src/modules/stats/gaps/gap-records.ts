import mongoose, { Schema, type Connection, type Model } from 'mongoose';
import type { StatsGapKind } from '@tongxin/shared';
import { insertOnce } from '../../../platform/insert-once';

/** A gap as detected and kept: `_id` is the gap's deterministic id, inserted once (the compare-and-set). */
export interface GapRecord {
  _id: string;
  kind: StatsGapKind;
  areaCode: string;
  districtCode: string | null;
  title: string;
  detail: string;
  subjectId: string;
  since: Date;
  raisedAt: Date;
  /** Set once the responsible admins were told (a crash before it means the next run tells them; the inbox id dedupes). */
  notifiedAt: Date | null;
  /** Set when a run no longer finds the gap. */
  resolvedAt: Date | null;
}

const gapSchema = new Schema<GapRecord>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true },
    areaCode: { type: String, required: true },
    districtCode: { type: String, default: null },
    title: { type: String, required: true },
    detail: { type: String, required: true },
    subjectId: { type: String, required: true },
    since: { type: Date, required: true },
    raisedAt: { type: Date, required: true },
    notifiedAt: { type: Date, default: null },
    resolvedAt: { type: Date, default: null },
  },
  { strict: 'throw', versionKey: false, collection: 'stats_gaps' },
);
// Each run reads the open gaps (indexed on MongoDB; a scan on FerretDB); the dashboard reads the gap board.
gapSchema.index({ resolvedAt: 1, areaCode: 1 });

/** Gap records: inserted once by id, then only `notifiedAt` and `resolvedAt` are set, each by the one scheduled run. */
export class GapRecords {
  private readonly gaps: Model<GapRecord>;

  constructor(connection: Connection) {
    this.gaps = (connection.models.StatsGap as Model<GapRecord> | undefined) ?? connection.model<GapRecord>('StatsGap', gapSchema);
  }

  /** False when the gap was raised before (whether open or resolved since: a resolved gap id is never raised again). */
  open(record: GapRecord): Promise<boolean> {
    return insertOnce(this.gaps, record);
  }

  openGaps(): Promise<GapRecord[]> {
    return this.gaps.find({ resolvedAt: null }).lean<GapRecord[]>().exec();
  }

  async markNotified(id: string, at: Date): Promise<void> {
    await this.gaps.updateOne({ _id: id }, { $set: { notifiedAt: at } }).exec();
  }

  async resolve(ids: string[], at: Date): Promise<void> {
    if (ids.length > 0) await this.gaps.updateMany({ _id: mongoose.trusted({ $in: ids }) }, { $set: { resolvedAt: at } }).exec();
  }
}
