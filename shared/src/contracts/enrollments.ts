import { z } from './zod';
/** An enrollment id: `<shiftId>:<userId>`, one sign-up per volunteer and shift. */
export const enrollmentIdSchema = z.string().regex(/^[a-f0-9]{24}:[a-f0-9]{24}$/, '报名编号格式不正确');

export const enrollmentParamsSchema = z.strictObject({ id: enrollmentIdSchema });

export const createEnrollmentSchema = z.strictObject({
  /** When the shift is full, join its waitlist instead of being refused. */
  waitlist: z.boolean().default(false),
});

export type CreateEnrollmentInput = z.infer<typeof createEnrollmentSchema>;

export type EnrollmentStatus = 'enrolled' | 'waitlisted' | 'cancelled' | 'no_show';

export interface EnrollmentView {
  id: string;
  needId: string;
  shiftId: string;
  status: EnrollmentStatus;
  /** Cancelled by the volunteer after the cancellation cut-off; counts against reliability. */
  lateCancellation?: boolean;
  /** Asked by the 24 h reminder: `unconfirmed` until the volunteer confirms; absent when never asked. */
  confirmation?: 'unconfirmed' | 'confirmed';
  /** Cancelled because the volunteer did not confirm by the cut-off; the place went to the waitlist. */
  releasedUnconfirmed?: boolean;
  startsAt: string;
  endsAt: string;
  createdAt: string;
}

/** Staff's view of a shift: who confirmed after the 24 h reminder, who has not (yet), who was never asked. */
export interface ShiftConfirmationsView {
  /** Unanswered by this instant, a sign-up is released to the waitlist (UTC ISO). */
  confirmBy: string;
  items: Array<{
    enrollmentId: string;
    volunteerId: string;
    confirmation: 'confirmed' | 'unconfirmed' | 'not-asked';
    confirmedAt: string | null;
  }>;
}
