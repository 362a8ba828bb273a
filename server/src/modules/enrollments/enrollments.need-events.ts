import { Types } from 'mongoose';
import { rooms } from '@tongxin/shared';
import type { Notifier } from '../../platform/notifier';
import type { NeedEventHandlers } from '../needs';
import type { ShiftReminders } from './enrollments.jobs';
import type { EnrollmentsRepository } from './enrollments.repository';

/** How sign-ups follow their need: cancelled with it, moved with its shifts, volunteers told. */
export function enrollmentNeedEvents(repository: EnrollmentsRepository, reminders: ShiftReminders, notifier: Notifier): NeedEventHandlers {
  return {
    needCancelled: async ({ needId, needTitle, reason }) => {
      for (const enrollment of await repository.listEnrolled({ needId: new Types.ObjectId(needId) })) {
        const cancelled = await repository.transition(enrollment._id, 'enrolled', 'cancelled', { cancelledAt: new Date() });
        if (!cancelled) continue;
        await reminders.cancel(enrollment._id);
        notifier.emit(rooms.user(enrollment.userId.toHexString()), 'enrollment:cancelled', {
          enrollmentId: enrollment._id, needId, needTitle, reason,
        });
      }
    },
    shiftMoved: async ({ needId, needTitle, shiftId, startsAt, endsAt }) => {
      for (const enrollment of await repository.listEnrolled({ shiftId: new Types.ObjectId(shiftId) })) {
        await repository.setTimes(enrollment._id, startsAt, endsAt);
        await reminders.reschedule({ _id: enrollment._id, startsAt });
        notifier.emit(rooms.user(enrollment.userId.toHexString()), 'shift:moved', {
          enrollmentId: enrollment._id, needId, needTitle, startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(),
        });
      }
    },
  };
}
