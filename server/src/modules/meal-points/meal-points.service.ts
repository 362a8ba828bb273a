import { Types } from 'mongoose';
import {
  divisionCodeOf, findRegion,
  type Actor, type CreateMealPointInput, type DailyMenuInput, type DailyMenuView, type MealPointView, type SubsidyRules,
  type UpdateMealPointInput,
} from '@tongxin/shared';
import { authorize, can } from '../access';
import { NotFoundError, ValidationError } from '../../platform/errors';
import type { CarePointsDirectory } from './care-points.directory';
import type { MealRatings } from './meal-ratings';
import type { MealPointRecord, MealPointsRepository } from './meal-points.repository';
import { pointScope, toMealPointView } from './meal-points.view';
import type { SubsidyRulesStore } from './subsidy-rules';

/** The registry of meal points and service stations, their menus, and the city's subsidy rules. */
export class MealPointsService {
  constructor(
    private readonly repository: MealPointsRepository,
    private readonly directory: CarePointsDirectory,
    private readonly ratings: MealRatings,
    private readonly rules: SubsidyRulesStore,
  ) {}

  async create(actor: Actor, input: CreateMealPointInput): Promise<MealPointView> {
    authorize(actor, 'meal-point:create', { communityCode: input.communityCode });
    requireCommunity(input.communityCode);
    const official = can(actor, 'meal-point:create', { communityCode: input.communityCode }) && !actor.roles.includes('meal_point_operator');
    // An operator registering its own point runs it; admins name the operators.
    const operatorUserIds = official ? input.operatorUserIds : [...new Set([actor.userId, ...input.operatorUserIds])];
    const point = await this.repository.insert({
      ...input,
      meals: input.kind === 'meal_point' ? input.meals : [],
      operatorUserIds,
      districtCode: divisionCodeOf(input.communityCode),
      createdBy: new Types.ObjectId(actor.userId),
    });
    await this.directory.changed(point);
    return this.present(point);
  }

  async get(actor: Actor, id: string): Promise<MealPointView> {
    authorize(actor, 'meal-point:read');
    return this.present(await this.require(id));
  }

  async update(actor: Actor, id: string, input: UpdateMealPointInput): Promise<MealPointView> {
    const point = await this.requireManaged(actor, id);
    if (input.communityCode) requireCommunity(input.communityCode);
    if (input.meals && point.kind !== 'meal_point' && input.meals.length > 0) {
      throw new ValidationError([{ path: 'meals', message: '养老服务站不提供餐次' }]);
    }
    const updated = await this.repository.update(id, {
      ...input,
      ...(input.communityCode ? { districtCode: divisionCodeOf(input.communityCode) } : {}),
    });
    if (!updated) throw new NotFoundError('助餐点不存在');
    await this.directory.changed(updated);
    return this.present(updated);
  }

  async saveMenu(actor: Actor, id: string, date: string, input: DailyMenuInput): Promise<DailyMenuView> {
    const point = await this.requireManaged(actor, id);
    const served = new Set(point.meals.map((m) => m.meal));
    for (const meal of Object.keys(input.meals)) {
      if (!served.has(meal as never)) throw new ValidationError([{ path: `meals.${meal}`, message: '该助餐点不提供这一餐' }]);
    }
    const menu = await this.repository.saveMenu(id, date, input.meals);
    return { pointId: menu.pointId, date: menu.date, meals: menu.meals };
  }

  async getMenu(actor: Actor, id: string, date: string): Promise<DailyMenuView> {
    authorize(actor, 'meal-point:read');
    await this.require(id);
    const menu = await this.repository.findMenu(id, date);
    return { pointId: id, date, meals: menu?.meals ?? {} };
  }

  async subsidyRules(actor: Actor): Promise<SubsidyRules> {
    authorize(actor, 'meal-subsidy:read');
    return this.rules.current();
  }

  async saveSubsidyRules(actor: Actor, rules: SubsidyRules): Promise<SubsidyRules> {
    authorize(actor, 'meal-subsidy:manage');
    return this.rules.save(rules, actor.userId);
  }

  /** A point the actor may manage, or FORBIDDEN / NOT_FOUND. */
  async requireManaged(actor: Actor, id: string): Promise<MealPointRecord> {
    const point = await this.require(id);
    authorize(actor, 'meal-point:manage', pointScope(point));
    return point;
  }

  async require(id: string): Promise<MealPointRecord> {
    const point = await this.directory.get(id);
    if (!point) throw new NotFoundError('助餐点不存在');
    return point;
  }

  private async present(point: MealPointRecord): Promise<MealPointView> {
    const id = point._id.toHexString();
    return toMealPointView(point, (await this.ratings.summaries([id])).get(id)!);
  }
}

function requireCommunity(code: string): void {
  if (findRegion(code)?.level !== 'community') throw new ValidationError([{ path: 'communityCode', message: '社区不存在' }]);
}
