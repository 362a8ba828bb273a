import { Types, type Connection, type Model } from 'mongoose';
import type { MealCode, SubsidyRules } from '@tongxin/shared';
import {
  mealPointModels, type DailyMenuRecord, type MealPointRecord, type SubsidyRulesRecord,
} from './meal-points.model';

export type { DailyMenuRecord, MealPointRecord };

export type NewMealPoint = Omit<MealPointRecord, '_id' | 'createdAt' | 'updatedAt'>;
export type MealPointChange = Partial<Omit<NewMealPoint, 'kind' | 'createdBy'>>;

const OBJECT_ID = /^[a-f0-9]{24}$/;

export class MealPointsRepository {
  private readonly points: Model<MealPointRecord>;
  private readonly menus: Model<DailyMenuRecord>;
  private readonly rules: Model<SubsidyRulesRecord>;

  constructor(connection: Connection) {
    ({ points: this.points, menus: this.menus, rules: this.rules } = mealPointModels(connection));
  }

  async insert(point: NewMealPoint): Promise<MealPointRecord> {
    return (await this.points.create({ ...point, _id: new Types.ObjectId() })).toObject();
  }

  async findById(id: string): Promise<MealPointRecord | null> {
    if (!OBJECT_ID.test(id)) return null;
    return this.points.findById(id).lean<MealPointRecord>().exec();
  }

  /** Staff edits of a point's fields: the last writer wins (nothing here counts or allocates). */
  async update(id: string, change: MealPointChange): Promise<MealPointRecord | null> {
    return this.points.findByIdAndUpdate(id, { $set: change }, { returnDocument: 'after' }).lean<MealPointRecord>().exec();
  }

  /** Every point, streamed, for the in-memory care map. */
  async *all(): AsyncGenerator<MealPointRecord> {
    for await (const point of this.points.find({}).lean<MealPointRecord>().cursor()) yield point as MealPointRecord;
  }

  async saveMenu(pointId: string, date: string, meals: Partial<Record<MealCode, string[]>>): Promise<DailyMenuRecord> {
    const _id = `${pointId}#${date}`;
    await this.menus.replaceOne({ _id }, { _id, pointId, date, meals }, { upsert: true }).exec();
    return { _id, pointId, date, meals };
  }

  async findMenu(pointId: string, date: string): Promise<DailyMenuRecord | null> {
    return this.menus.findById(`${pointId}#${date}`).lean<DailyMenuRecord>().exec();
  }

  async findRules(): Promise<SubsidyRules | null> {
    const record = await this.rules.findById('city').lean<SubsidyRulesRecord>().exec();
    if (!record) return null;
    const { ageBands, statuses, stacking, caps, welfareAlertAfterMisses } = record;
    return { ageBands, statuses, stacking, caps: { perDay: caps.perDay, perWeek: caps.perWeek }, welfareAlertAfterMisses };
  }

  async saveRules(rules: SubsidyRules, updatedBy: string): Promise<void> {
    await this.rules.replaceOne({ _id: 'city' }, { _id: 'city', ...rules, updatedBy, updatedAt: new Date() }, { upsert: true }).exec();
  }
}
