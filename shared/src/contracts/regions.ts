import { z } from './zod';

export const listRegionsQuerySchema = z.strictObject({
  parentCode: z.string().regex(/^\d{6,9}$/, '上级区划编码不正确').optional(),
  level: z.enum(['city', 'division', 'street', 'community']).optional(),
});

export type ListRegionsQuery = z.infer<typeof listRegionsQuerySchema>;
