import { Schema, Types, type Connection, type Model } from 'mongoose';
import type { BeneficiaryType, NeedCategory, NeedStatus, SkillCode } from '@tongxin/shared';

export interface ShiftRecord {
  _id: Types.ObjectId;
  startsAt: Date;
  endsAt: Date;
  /** Places; the places taken are seats in `shift_seats` (see shift-seats.ts). */
  capacity: number;
}

export interface NeedRecord {
  _id: Types.ObjectId;
  title: string;
  description: string;
  category: NeedCategory;
  beneficiaryType: BeneficiaryType;
  communityCode: string;
  districtCode: string;
  /** Set when an organization, not the community, posted the need. */
  organizationId?: string;
  location?: { lat: number; lng: number };
  /** The rural revitalization project the need serves (linked by the project's managers). */
  ruralProjectId?: string;
  requiredSkills: SkillCode[];
  status: NeedStatus;
  /** Append-only: a shift's array position never changes, so updates address it as `shifts.<i>`. */
  shifts: ShiftRecord[];
  cancelReason?: string;
  cancelledAt?: Date;
  createdBy: Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
}

const shiftSchema = new Schema<ShiftRecord>({
  startsAt: { type: Date, required: true },
  endsAt: { type: Date, required: true },
  capacity: { type: Number, required: true, min: 1 },
});

const needSchema = new Schema<NeedRecord>(
  {
    title: { type: String, required: true },
    description: { type: String, default: '' },
    category: { type: String, required: true },
    beneficiaryType: { type: String, required: true },
    communityCode: { type: String, required: true },
    districtCode: { type: String, required: true },
    organizationId: String,
    location: { type: new Schema({ lat: Number, lng: Number }, { _id: false }), required: false },
    ruralProjectId: String,
    requiredSkills: { type: [String], default: [] },
    status: { type: String, required: true, default: 'open' },
    shifts: { type: [shiftSchema], required: true },
    cancelReason: String,
    cancelledAt: Date,
    createdBy: { type: Schema.Types.ObjectId, required: true },
  },
  { timestamps: true, strict: 'throw', collection: 'needs' },
);

// Feeds by status, newest first; a community's, a district's and a category's needs (search's equalities).
needSchema.index({ status: 1, _id: -1 });
needSchema.index({ communityCode: 1, status: 1, _id: -1 });
needSchema.index({ districtCode: 1, status: 1, _id: -1 });
needSchema.index({ category: 1, status: 1 });
// A rural project's needs.
needSchema.index({ ruralProjectId: 1, status: 1 });

export function needModel(connection: Connection): Model<NeedRecord> {
  return (connection.models.Need as Model<NeedRecord> | undefined) ?? connection.model<NeedRecord>('Need', needSchema);
}
