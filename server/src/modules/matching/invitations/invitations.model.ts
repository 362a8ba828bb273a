import { Schema, Types, type Connection, type Model } from 'mongoose';
import type { InvitationStatus } from '@tongxin/shared';

/** One volunteer invited to one shift: `_id` `<shiftId>:<userId>`, so inviting twice is a duplicate key. */
export interface InvitationRecord {
  _id: string;
  needId: Types.ObjectId;
  shiftId: Types.ObjectId;
  userId: Types.ObjectId;
  needTitle: string;
  startsAt: Date;
  endsAt: Date;
  wave: number;
  status: InvitationStatus;
  enrollmentId?: string;
  createdAt: Date;
  respondedAt?: Date;
}

/** A wave that ran: `_id` `<shiftId>#<wave>`, inserted before the wave invites anyone, so it runs once. */
export interface InvitationWaveRecord {
  _id: string;
  at: Date;
}

const invitationSchema = new Schema<InvitationRecord>({
  _id: { type: String, required: true },
  needId: { type: Schema.Types.ObjectId, required: true },
  shiftId: { type: Schema.Types.ObjectId, required: true },
  userId: { type: Schema.Types.ObjectId, required: true },
  needTitle: { type: String, required: true },
  startsAt: { type: Date, required: true },
  endsAt: { type: Date, required: true },
  wave: { type: Number, required: true },
  status: { type: String, required: true },
  enrollmentId: String,
  createdAt: { type: Date, required: true },
  respondedAt: Date,
}, { strict: 'throw', versionKey: false, collection: 'invitations' });
// A volunteer's own list, newest first.
invitationSchema.index({ userId: 1, createdAt: -1 });

const waveSchema = new Schema<InvitationWaveRecord>(
  { _id: { type: String, required: true }, at: { type: Date, required: true } },
  { strict: 'throw', versionKey: false, collection: 'invitation_waves' },
);

export function invitationModels(connection: Connection) {
  return {
    invitations: (connection.models.Invitation as Model<InvitationRecord> | undefined) ?? connection.model<InvitationRecord>('Invitation', invitationSchema),
    waves: (connection.models.InvitationWave as Model<InvitationWaveRecord> | undefined)
      ?? connection.model<InvitationWaveRecord>('InvitationWave', waveSchema),
  };
}
