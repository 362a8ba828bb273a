import { Schema, Types, type Connection, type Model } from 'mongoose';

export interface CertificateActivity {
  needId: string;
  title: string;
  category: string;
  organizationName: string;
  firstDate: string;
  lastDate: string;
  shifts: number;
  minutes: number;
}

/**
 * An issued 志愿服务记录证明: a snapshot of the hours ledger at issue time, never changed. `_id` is
 * the verification code, so a lookup by code is the store's fast path and a code is issued once.
 * The full name and ID number are not copied here: the PDF reads them from the owner's profile.
 */
export interface CertificateRecord {
  _id: string;
  userId: Types.ObjectId;
  volunteerNameMasked: string;
  /** "YYYY-MM-DD" in Asia/Shanghai, both inclusive. */
  periodFrom: string;
  periodTo: string;
  totalMinutes: number;
  supplementaryMinutes: number;
  activities: CertificateActivity[];
  organizations: string[];
  issuer: string;
  issuedAt: Date;
}

const activitySchema = new Schema<CertificateActivity>({
  needId: { type: String, required: true },
  title: { type: String, required: true },
  category: { type: String, required: true },
  organizationName: { type: String, required: true },
  firstDate: { type: String, required: true },
  lastDate: { type: String, required: true },
  shifts: { type: Number, required: true },
  minutes: { type: Number, required: true },
}, { _id: false, strict: 'throw' });

const certificateSchema = new Schema<CertificateRecord>(
  {
    _id: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    volunteerNameMasked: { type: String, required: true },
    periodFrom: { type: String, required: true },
    periodTo: { type: String, required: true },
    totalMinutes: { type: Number, required: true },
    supplementaryMinutes: { type: Number, required: true },
    activities: { type: [activitySchema], default: [] },
    organizations: { type: [String], default: [] },
    issuer: { type: String, required: true },
    issuedAt: { type: Date, required: true },
  },
  { strict: 'throw', versionKey: false, collection: 'service_certificates' },
);
// A volunteer's certificates, newest first.
certificateSchema.index({ userId: 1, issuedAt: -1 });

export function certificateModel(connection: Connection): Model<CertificateRecord> {
  return (connection.models.ServiceCertificate as Model<CertificateRecord> | undefined)
    ?? connection.model<CertificateRecord>('ServiceCertificate', certificateSchema);
}
