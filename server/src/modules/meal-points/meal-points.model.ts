import { Schema, Types, type Connection } from 'mongoose';
import { modelOf } from '../../platform/db';
import type { CarePointKind, MealCode, ServiceMode, SubsidyRules } from '@tongxin/shared';

export interface MealServiceRecord {
  meal: MealCode;
  servesFrom: string;
  servesUntil: string;
  bookingCutoff: string;
  capacity: number;
  priceFen: number;
}

export interface MealPointRecord {
  _id: Types.ObjectId;
  kind: CarePointKind;
  name: string;
  operator: { type: 'organization' | 'community'; name: string; organizationId?: string };
  communityCode: string;
  districtCode: string;
  address: string;
  location: { lat: number; lng: number };
  serviceRadiusKm: number;
  meals: MealServiceRecord[];
  modes: ServiceMode[];
  openingDays: number[];
  accessibilityNotes: string;
  contactPhone: string;
  operatorUserIds: string[];
  createdBy: Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
}

/** A day's dishes; `_id` is `<pointId>#<YYYY-MM-DD>`, so reading and writing a menu is an `_id` operation. */
export interface DailyMenuRecord {
  _id: string;
  pointId: string;
  date: string;
  meals: Partial<Record<MealCode, string[]>>;
}

/** The city's subsidy rules, one document `_id: 'city'`; an admin's save replaces it (the last writer wins). */
export interface SubsidyRulesRecord extends SubsidyRules {
  _id: string;
  updatedBy: string;
  updatedAt: Date;
}

const mealServiceSchema = new Schema<MealServiceRecord>({
  meal: { type: String, required: true },
  servesFrom: { type: String, required: true },
  servesUntil: { type: String, required: true },
  bookingCutoff: { type: String, required: true },
  capacity: { type: Number, required: true },
  priceFen: { type: Number, required: true },
}, { _id: false });

const mealPointSchema = new Schema<MealPointRecord>(
  {
    kind: { type: String, required: true },
    name: { type: String, required: true },
    operator: { type: new Schema({ type: String, name: String, organizationId: String }, { _id: false }), required: true },
    communityCode: { type: String, required: true },
    districtCode: { type: String, required: true },
    address: { type: String, required: true },
    location: { type: new Schema({ lat: Number, lng: Number }, { _id: false }), required: true },
    serviceRadiusKm: { type: Number, required: true },
    meals: { type: [mealServiceSchema], default: [] },
    modes: { type: [String], required: true },
    openingDays: { type: [Number], required: true },
    accessibilityNotes: { type: String, default: '' },
    contactPhone: { type: String, required: true },
    operatorUserIds: { type: [String], default: [] },
    createdBy: { type: Schema.Types.ObjectId, required: true },
  },
  { timestamps: true, strict: 'throw', collection: 'meal_points' },
);
// The care map is served from memory; these serve admin lists by area.
mealPointSchema.index({ districtCode: 1, _id: 1 });
mealPointSchema.index({ communityCode: 1 });

const dailyMenuSchema = new Schema<DailyMenuRecord>(
  {
    _id: { type: String, required: true },
    pointId: { type: String, required: true },
    date: { type: String, required: true },
    meals: { type: Schema.Types.Mixed, required: true },
  },
  { strict: 'throw', collection: 'meal_menus', versionKey: false },
);

const subsidyRulesSchema = new Schema<SubsidyRulesRecord>(
  {
    _id: { type: String, required: true },
    ageBands: { type: Schema.Types.Mixed, required: true },
    statuses: { type: Schema.Types.Mixed, required: true },
    stacking: { type: String, required: true },
    caps: { type: new Schema({ perDay: Number, perWeek: Number }, { _id: false }), required: true },
    welfareAlertAfterMisses: { type: Number, required: true },
    updatedBy: { type: String, required: true },
    updatedAt: { type: Date, required: true },
  },
  { strict: 'throw', collection: 'meal_subsidy_rules', versionKey: false },
);

export function mealPointModels(connection: Connection) {
  return {
    points: modelOf(connection, 'MealPoint', mealPointSchema),
    menus: modelOf(connection, 'MealMenu', dailyMenuSchema),
    rules: modelOf(connection, 'MealSubsidyRules', subsidyRulesSchema),
  };
}
