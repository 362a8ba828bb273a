import { z } from './zod';
import { communityCodeSchema, objectIdSchema, pointSchema } from './common';
import { isCalendarDay } from '../domain/local-day';
import type { MealPrice } from '../domain/meal-subsidy';
import type { GeoPoint } from '../domain/geo';

export const MEALS = [
  { code: 'breakfast', label: '早餐' },
  { code: 'lunch', label: '午餐' },
  { code: 'dinner', label: '晚餐' },
] as const;
export type MealCode = (typeof MEALS)[number]['code'];
export const MEAL_CODES = MEALS.map((m) => m.code) as unknown as readonly [MealCode, ...MealCode[]];

export const SERVICE_MODES = [
  { code: 'dine_in', label: '堂食' },
  { code: 'delivery', label: '送餐上门' },
] as const;
export type ServiceMode = (typeof SERVICE_MODES)[number]['code'];
export const SERVICE_MODE_CODES = SERVICE_MODES.map((m) => m.code) as unknown as readonly [ServiceMode, ...ServiceMode[]];

/** A meal point serves meals; an elderly service station (养老服务站) is shown on the care map beside them. */
export const CARE_POINT_KINDS = [
  { code: 'meal_point', label: '老年助餐点' },
  { code: 'service_station', label: '养老服务站' },
] as const;
export type CarePointKind = (typeof CARE_POINT_KINDS)[number]['code'];
export const CARE_POINT_KIND_CODES = CARE_POINT_KINDS.map((k) => k.code) as unknown as readonly [CarePointKind, ...CarePointKind[]];

const timeOfDaySchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 HH:mm');

/** A Shanghai calendar day, `YYYY-MM-DD`. */
export const localDaySchema = z.string().refine(isCalendarDay, '日期格式应为 YYYY-MM-DD');

const fenSchema = z.number().int('金额须为整数（分）').min(0, '金额不能为负').max(100_000, '金额过大');

/** One meal a point serves: hours and booking cut-off in Shanghai time, places, price in fen. */
export const mealServiceSchema = z
  .strictObject({
    meal: z.enum(MEAL_CODES, { message: '餐次只能是早餐、午餐或晚餐' }),
    servesFrom: timeOfDaySchema,
    servesUntil: timeOfDaySchema,
    /** Bookings and cancellations close at this time on the day of the meal. */
    bookingCutoff: timeOfDaySchema,
    capacity: z.number().int('份数须为整数').min(1, '每餐至少 1 份').max(2000, '每餐最多 2000 份'),
    /** Full price of one meal, fen. */
    priceFen: fenSchema,
  })
  .refine((m) => m.servesUntil > m.servesFrom, { message: '结束时间须晚于开始时间', path: ['servesUntil'] })
  .refine((m) => m.bookingCutoff <= m.servesFrom, { message: '预订截止时间不能晚于开餐时间', path: ['bookingCutoff'] });
export type MealService = z.infer<typeof mealServiceSchema>;

const phoneSchema = z.string().regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/, '联系电话格式不正确');

const mealPointFields = {
  name: z.string().trim().min(2, '名称至少 2 个字').max(60, '名称最多 60 个字'),
  operator: z.strictObject({
    type: z.enum(['organization', 'community'], { message: '运营方类型只能是组织或社区' }),
    name: z.string().trim().min(2, '运营方名称至少 2 个字').max(60, '运营方名称最多 60 个字'),
    organizationId: objectIdSchema.optional(),
  }),
  communityCode: communityCodeSchema,
  address: z.string().trim().min(2, '地址至少 2 个字').max(120, '地址最多 120 个字'),
  location: pointSchema,
  /** Kilometres; deliveries reach elders inside it. */
  serviceRadiusKm: z.number().min(0.2, '服务半径至少 0.2 公里').max(20, '服务半径最多 20 公里'),
  meals: z.array(mealServiceSchema).max(3, '最多 3 个餐次')
    .refine((meals) => new Set(meals.map((m) => m.meal)).size === meals.length, '餐次不能重复'),
  modes: z.array(z.enum(SERVICE_MODE_CODES, { message: '服务方式只能是堂食或送餐' })).min(1, '至少一种服务方式')
    .refine((modes) => new Set(modes).size === modes.length, '服务方式不能重复'),
  /** ISO weekdays the point opens: 1 = Monday … 7 = Sunday. */
  openingDays: z.array(z.number().int().min(1, '星期应为 1—7').max(7, '星期应为 1—7')).min(1, '至少营业一天')
    .refine((days) => new Set(days).size === days.length, '营业日不能重复'),
  accessibilityNotes: z.string().trim().max(500, '无障碍说明最多 500 个字'),
  contactPhone: phoneSchema,
  /** Accounts (role 助餐点) that run this point. */
  operatorUserIds: z.array(objectIdSchema).max(10, '最多 10 名运营人员'),
};

export const createMealPointSchema = z.strictObject({
  kind: z.enum(CARE_POINT_KIND_CODES, { message: '类型只能是助餐点或养老服务站' }).default('meal_point'),
  ...mealPointFields,
  serviceRadiusKm: mealPointFields.serviceRadiusKm.default(3),
  meals: mealPointFields.meals.default([]),
  modes: mealPointFields.modes.default(['dine_in']),
  openingDays: mealPointFields.openingDays.default([1, 2, 3, 4, 5, 6, 7]),
  accessibilityNotes: mealPointFields.accessibilityNotes.default(''),
  operatorUserIds: mealPointFields.operatorUserIds.default([]),
}).refine((p) => p.kind !== 'meal_point' || p.meals.length > 0, { message: '助餐点至少提供一个餐次', path: ['meals'] });
export type CreateMealPointBody = z.input<typeof createMealPointSchema>;
export type CreateMealPointInput = z.infer<typeof createMealPointSchema>;

/** A change to a point: only the given fields change. */
export const updateMealPointSchema = z.strictObject(mealPointFields).partial()
  .refine((p) => Object.keys(p).length > 0, '没有要修改的内容');
export type UpdateMealPointInput = z.infer<typeof updateMealPointSchema>;

/** The dishes of one day, per meal. */
export const dailyMenuSchema = z.strictObject({
  meals: z.partialRecord(
    z.enum(MEAL_CODES, { message: '餐次只能是早餐、午餐或晚餐' }),
    z.array(z.string().trim().min(1, '菜名不能为空').max(30, '菜名最多 30 个字')).max(12, '每餐最多 12 道菜'),
  ),
});
export type DailyMenuInput = z.infer<typeof dailyMenuSchema>;

export const mealPointParamsSchema = z.strictObject({ id: objectIdSchema });
export const menuParamsSchema = z.strictObject({ id: objectIdSchema, date: localDaySchema });

export const subsidyRulesSchema = z.strictObject({
  ageBands: z.strictObject({ '60+': fenSchema, '70+': fenSchema, '80+': fenSchema }),
  statuses: z.strictObject({ dibao: fenSchema, tekun: fenSchema, disabled: fenSchema }),
  stacking: z.enum(['max', 'sum'], { message: '叠加方式只能是 max 或 sum' }),
  caps: z.strictObject({
    perDay: z.number().int().min(0, '每日次数不能为负').max(3, '每日最多 3 次'),
    perWeek: z.number().int().min(0, '每周次数不能为负').max(21, '每周最多 21 次'),
  }),
  welfareAlertAfterMisses: z.number().int().min(1, '至少 1 次').max(10, '最多 10 次'),
});

const nearQuerySchema = z
  .string()
  .regex(/^-?\d{1,3}(\.\d{1,8})?,-?\d{1,3}(\.\d{1,8})?$/, '位置格式应为“纬度,经度”')
  .transform((text) => {
    const [lat, lng] = text.split(',').map(Number);
    return { lat: lat!, lng: lng! };
  })
  .pipe(pointSchema);

/** The care map: points near `near` (within `radiusKm`, default 3), nearest first; `date`+`meal` add places left and price. */
export const careMapQuerySchema = z.strictObject({
  near: nearQuerySchema,
  radiusKm: z.coerce.number({ message: '半径须为数字' }).positive('半径须大于 0').max(20, '半径最大 20 公里').default(3),
  date: localDaySchema.optional(),
  meal: z.enum(MEAL_CODES, { message: '餐次只能是早餐、午餐或晚餐' }).optional(),
  /** Price after subsidy for this elder (one the caller may book for). */
  elderId: objectIdSchema.optional(),
  /** Only points with places left for `date`+`meal`. */
  available: z.enum(['true', 'false']).transform((v) => v === 'true').default(false),
  limit: z.coerce.number().int().min(1).max(50).default(20),
}).refine((q) => (q.date === undefined) === (q.meal === undefined), { message: '日期和餐次须同时提供', path: ['meal'] });
export type CareMapQuery = z.infer<typeof careMapQuerySchema>;

export interface MealPointView {
  id: string;
  kind: CarePointKind;
  name: string;
  operator: { type: 'organization' | 'community'; name: string; organizationId?: string };
  communityCode: string;
  districtCode: string;
  address: string;
  location: GeoPoint;
  serviceRadiusKm: number;
  meals: MealService[];
  modes: ServiceMode[];
  openingDays: number[];
  accessibilityNotes: string;
  contactPhone: string;
  /** Diners' ratings: average stars (one decimal), null before the first. */
  rating: { average: number | null; count: number };
  createdAt: string;
  updatedAt: string;
}

export interface DailyMenuView {
  pointId: string;
  date: string;
  meals: Partial<Record<MealCode, string[]>>;
}

/** One point on the care map. `meal` is present for a meal point when the query named a date and a meal it serves. */
export interface CareMapItem {
  id: string;
  kind: CarePointKind;
  name: string;
  address: string;
  location: GeoPoint;
  distanceKm: number;
  modes: ServiceMode[];
  contactPhone: string;
  accessibilityNotes: string;
  meal?: {
    meal: MealCode;
    date: string;
    open: boolean;
    capacity: number;
    remaining: number;
    /** UTC instant after which booking closes. */
    bookingCutoffAt: string;
    /** The full price, or the elder's price after subsidy when `elderId` was given. */
    price: MealPrice;
  };
}

export interface CareMapView {
  items: CareMapItem[];
}

