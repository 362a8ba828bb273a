import { z } from './zod';

/** A MongoDB ObjectId as 24 hex characters. */
export const objectIdSchema = z.string().regex(/^[a-f0-9]{24}$/, '编号格式不正确');

/** A UTC instant as an ISO 8601 string with offset, e.g. "2026-12-01T01:30:00.000Z". */
export const instantSchema = z.iso.datetime({ offset: true, message: '时间格式不正确' });

/** A 12-digit community code from the region tree. */
export const communityCodeSchema = z.string().regex(/^5101\d{8}$/, '社区编码格式不正确');

/** A point as WGS-84 degrees, bounded to the wider Chengdu area. */
export const pointSchema = z.strictObject({
  lat: z.number().min(29.9, '纬度超出成都范围').max(31.5, '纬度超出成都范围'),
  lng: z.number().min(102.9, '经度超出成都范围').max(105.0, '经度超出成都范围'),
});

export const cursorQuerySchema = z.strictObject({
  cursor: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, '分页游标不正确').optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/** One page of a cursor-paginated list; `nextCursor` is null on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
