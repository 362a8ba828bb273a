import { z } from './zod';
/** An enrollment id: `<shiftId>:<userId>`, one sign-up per volunteer and shift. */
export const enrollmentIdSchema = z.string().regex(/^[a-f0-9]{24}:[a-f0-9]{24}$/, '报名编号格式不正确');

export const enrollmentParamsSchema = z.strictObject({ id: enrollmentIdSchema });

/** Sign-up takes no fields yet; an empty object keeps unknown fields out. */
export const createEnrollmentSchema = z.strictObject({});

export type EnrollmentStatus = 'enrolled' | 'cancelled' | 'checked_in' | 'completed' | 'no_show';

export interface EnrollmentView {
  id: string;
  needId: string;
  shiftId: string;
  status: EnrollmentStatus;
  startsAt: string;
  endsAt: string;
  createdAt: string;
}
