import { Schema, Types, type Connection, type Model } from 'mongoose';
import type { ElderAgeBand, SubsidyStatus } from '@tongxin/shared';

/** The sealed part of an elder's record (AES-256-GCM, bound to the elder id). */
export interface ElderPii {
  name: string;
  deliveryAddress?: string;
}

export interface ElderRecord {
  _id: Types.ObjectId;
  /** PiiCipher envelope of ElderPii. */
  sealed: string;
  ageBand: ElderAgeBand;
  subsidyStatuses: SubsidyStatus[];
  communityCode: string;
  livesAlone: boolean;
  hasDeliveryAddress: boolean;
  consent: { by: 'self' | 'guardian'; note?: string; recordedBy: string; recordedAt: Date };
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

/** A relative who may book for the elder; `_id` is `<elderId>:<userId>`, so "may this user book?" is an `_id` lookup. */
export interface ElderRelativeRecord {
  _id: string;
  elderId: string;
  userId: string;
  relation: string;
  linkedBy: string;
  linkedAt: Date;
}

const elderSchema = new Schema<ElderRecord>(
  {
    sealed: { type: String, required: true },
    ageBand: { type: String, required: true },
    subsidyStatuses: { type: [String], default: [] },
    communityCode: { type: String, required: true },
    livesAlone: { type: Boolean, required: true },
    hasDeliveryAddress: { type: Boolean, required: true },
    consent: {
      type: new Schema({ by: String, note: String, recordedBy: String, recordedAt: Date }, { _id: false }),
      required: true,
    },
    createdBy: { type: String, required: true },
  },
  { timestamps: true, strict: 'throw', collection: 'elders' },
);
elderSchema.index({ communityCode: 1 });

const relativeSchema = new Schema<ElderRelativeRecord>(
  {
    _id: { type: String, required: true },
    elderId: { type: String, required: true },
    userId: { type: String, required: true },
    relation: { type: String, required: true },
    linkedBy: { type: String, required: true },
    linkedAt: { type: Date, required: true },
  },
  { strict: 'throw', collection: 'elder_relatives', versionKey: false },
);
relativeSchema.index({ userId: 1 });
relativeSchema.index({ elderId: 1 });

export function elderModels(connection: Connection) {
  return {
    elders: (connection.models.Elder as Model<ElderRecord> | undefined) ?? connection.model<ElderRecord>('Elder', elderSchema),
    relatives: (connection.models.ElderRelative as Model<ElderRelativeRecord> | undefined)
      ?? connection.model<ElderRelativeRecord>('ElderRelative', relativeSchema),
  };
}
