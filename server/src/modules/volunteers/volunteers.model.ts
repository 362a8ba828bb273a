import { Schema, Types, type Connection, type Model } from 'mongoose';
import type { Gender, GuardianRelation, LanguageCode, SkillCode } from '@tongxin/shared';

/** The personal data kept only inside the encrypted envelope; name and ID number come together. */
export interface SealedPii {
  realName?: string;
  residentId?: string;
  phone?: string;
  guardianName?: string;
  guardianPhone?: string;
}

export interface GuardianConsentRecord {
  relation: GuardianRelation;
  /** "YYYY-MM-DD". */
  consentedOn: string;
  guardianPhoneMasked: string;
}

/**
 * A volunteer's profile, keyed by the user id so every read is an `_id` lookup. The ID number, real
 * name and phones exist only in `sealed` (AES-256-GCM, bound to the user id); what matching and staff
 * need (birth date, gender, masks, skills, availability) is kept beside it in the clear.
 */
export interface VolunteerProfileRecord {
  /** The user's id. */
  _id: Types.ObjectId;
  /** JSON of SealedPii in a PiiCipher envelope; absent while the profile holds no personal data. */
  sealed?: string;
  /** `_id` of the key document that reserves the ID number for this volunteer. */
  residentIdKey?: string;
  residentIdMasked?: string;
  realNameMasked?: string;
  /** "YYYY-MM-DD", from the ID number. */
  birthDate?: string;
  gender?: Gender;
  phoneMasked?: string;
  skills: SkillCode[];
  /** The same skills as a bitmask (bit i = SKILLS[i]), for the matching index. */
  skillsMask: number;
  /** 28-bit weekly mask (see shared domain/availability.ts). */
  availabilityMask?: number;
  /** Rounded to 3 decimals (about 100 m) before it is stored. */
  homeLocation?: { lat: number; lng: number };
  serviceRadiusKm?: number;
  homeCommunityCode?: string;
  homeDistrictCode?: string;
  languages: LanguageCode[];
  guardianConsent?: GuardianConsentRecord;
  /** The volunteer stepped back: never matched or signed up until they save their profile again. */
  deactivatedAt?: Date;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * One ID number, one volunteer: `_id` is `rid:<HMAC of the number>`, so the uniqueness check is the
 * insert itself (a duplicate key means someone holds it), with no unique index or transaction.
 */
export interface ResidentIdKeyRecord {
  _id: string;
  userId: Types.ObjectId;
  claimedAt: Date;
}

const guardianConsentSchema = new Schema<GuardianConsentRecord>({
  relation: { type: String, required: true },
  consentedOn: { type: String, required: true },
  guardianPhoneMasked: { type: String, required: true },
}, { _id: false, strict: 'throw' });

const profileSchema = new Schema<VolunteerProfileRecord>(
  {
    _id: { type: Schema.Types.ObjectId, required: true },
    sealed: String,
    residentIdKey: String,
    residentIdMasked: String,
    realNameMasked: String,
    birthDate: String,
    gender: { type: String, enum: ['male', 'female'] },
    phoneMasked: String,
    skills: { type: [String], default: [] },
    skillsMask: { type: Number, required: true, default: 0 },
    availabilityMask: Number,
    homeLocation: { type: new Schema({ lat: Number, lng: Number }, { _id: false, strict: 'throw' }), required: false },
    serviceRadiusKm: Number,
    homeCommunityCode: String,
    homeDistrictCode: String,
    languages: { type: [String], default: [] },
    guardianConsent: { type: guardianConsentSchema, required: false },
    deactivatedAt: Date,
  },
  { timestamps: true, strict: 'throw', versionKey: false, collection: 'volunteer_profiles' },
);

// Volunteers of a community or district (staff lists, the matching index's streamed projection).
profileSchema.index({ homeCommunityCode: 1 });
profileSchema.index({ homeDistrictCode: 1 });

const residentIdKeySchema = new Schema<ResidentIdKeyRecord>(
  {
    _id: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    claimedAt: { type: Date, required: true },
  },
  { strict: 'throw', versionKey: false, collection: 'volunteer_resident_ids' },
);

export function volunteerProfileModel(connection: Connection): Model<VolunteerProfileRecord> {
  return (connection.models.VolunteerProfile as Model<VolunteerProfileRecord> | undefined)
    ?? connection.model<VolunteerProfileRecord>('VolunteerProfile', profileSchema);
}

export function residentIdKeyModel(connection: Connection): Model<ResidentIdKeyRecord> {
  return (connection.models.VolunteerResidentId as Model<ResidentIdKeyRecord> | undefined)
    ?? connection.model<ResidentIdKeyRecord>('VolunteerResidentId', residentIdKeySchema);
}
