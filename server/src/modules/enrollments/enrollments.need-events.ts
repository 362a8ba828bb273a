import { Types } from 'mongoose';
import { rooms } from '@tongxin/shared';
import type { Notifier } from '../../platform/notifier';
import type { NeedEventHandlers } from '../needs';
import { generationOf, type EnrollmentCancellation } from './enrollments.cancellation';
import type { ShiftReminders } from './enrollments.jobs';
import { cancelledNotice, shiftMovedNotice, type Inbox } from './enrollments.notices';
import type { EnrollmentsRepository } from './enrollments.repository';
import type { VolunteerSchedule } from './volunteer-schedule';

/** How sign-ups follow their need: cancelled with it, moved with its shifts, volunteers told. */
export function enrollmentNeedEvents(
  repository: EnrollmentsRepository, cancellation: EnrollmentCancellation, reminders: ShiftReminders, notifier: Notifier, inbox: Inbox,
  schedule: VolunteerSchedule,
): NeedEventHandlers {
  return {
    needCancelled: async ({ needId, needTitle, reason }) => {
      for (const enrollment of await repository.listLive({ needId: new Types.ObjectId(needId) })) {
        if (!(await repository.once(`cancel:${generationOf(enrollment)}`))) continue;
        await repository.transition(enrollment._id, enrollment.status, 'cancelled', { cancelledAt: new Date() }, ['seat']);
        if (enrollment.status === 'enrolled') await cancellation.freePlace(enrollment);
        notifier.emit(rooms.user(enrollment.userId.toHexString()), 'enrollment:cancelled', {
          enrollmentId: enrollment._id, needId, needTitle, reason,
        });
        await inbox.deliver(enrollment.userId.toHexString(), cancelledNotice(enrollment, generationOf(enrollment), reason));
      }
    },
    shiftMoved: async ({ needId, needTitle, shiftId, startsAt, endsAt }) => {
      for (const enrollment of await repository.listLive({ shiftId: new Types.ObjectId(shiftId) })) {
        await repository.setTimes(enrollment._id, startsAt, endsAt);
        await schedule.put({ ...enrollment, startsAt, endsAt });
        if (enrollment.status === 'enrolled') await reminders.reschedule({ _id: enrollment._id, startsAt });
        notifier.emit(rooms.user(enrollment.userId.toHexString()), 'shift:moved', {
          enrollmentId: enrollment._id, needId, needTitle, startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(),
        });
        await inbox.deliver(enrollment.userId.toHexString(), shiftMovedNotice(enrollment, startsAt, endsAt));
      }
    },
  };
}
