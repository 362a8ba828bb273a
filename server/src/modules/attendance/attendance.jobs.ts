import type { Job } from 'bullmq';
import type { QueueFactory } from '../../platform/queues';
import type { NeedEventHandlers } from '../needs';
import { QUEUE_NAMES, type ShiftCloseJob } from '../queues.registry';
import type { AttendanceRepository } from './attendance.repository';
import { formatShanghai } from '@tongxin/shared';
import { clampedMinutes } from './attendance.rules';
import type { AttendancePorts } from './attendance.service';
import type { Implausibility } from './implausibility';

const closeJobId = (shiftId: string) => `shift-close_${shiftId}`;

/** Keeps one close job per shift, due when the check-out grace after its end runs out. */
export function shiftCloseScheduling(queues: QueueFactory, graceMinutes: number, now = () => Date.now()): NeedEventHandlers {
  const queue = () => queues.queue<ShiftCloseJob>(QUEUE_NAMES.shiftClose);
  const schedule = async (needId: string, shiftId: string, endsAt: Date) => {
    const delay = Math.max(0, endsAt.getTime() + graceMinutes * 60_000 - now());
    await queue().add('shift-close', { needId, shiftId }, { jobId: closeJobId(shiftId), delay });
  };
  return {
    shiftsCreated: async ({ needId, shifts }) => {
      for (const { shiftId, endsAt } of shifts) await schedule(needId, shiftId, endsAt);
    },
    shiftMoved: async ({ needId, shiftId, endsAt }) => {
      await queue().remove(closeJobId(shiftId));
      await schedule(needId, shiftId, endsAt);
    },
  };
}

/**
 * After a shift: a volunteer still checked in is checked out at the shift's end (flagged for staff);
 * one who never checked in is a no-show; one who checked out has attended. Whoever posted the need
 * is then asked to verify the attended volunteers' hours. Every step is idempotent (the nudge by its
 * inbox id), so a retried or duplicated job changes nothing more.
 */
export function shiftCloseProcessor(repository: AttendanceRepository, ports: AttendancePorts, checks: Implausibility) {
  return async (job: Job<ShiftCloseJob>): Promise<{ noShows: number; autoCheckedOut: number; attended: number }> => {
    const result = { noShows: 0, autoCheckedOut: 0, attended: 0 };
    for (const enrollment of await ports.listEnrolledOnShift(job.data.shiftId)) {
      const record = await repository.findById(enrollment.id);
      if (!record) {
        await ports.markNoShow(enrollment.id);
        result.noShows += 1;
        continue;
      }
      if (record.status === 'checked_in') {
        const shift = { startsAt: record.shiftStartsAt, endsAt: record.shiftEndsAt };
        const closed = await repository.update(record._id, 'checked_in', {
          status: 'checked_out', checkOutAt: record.shiftEndsAt, checkOutMethod: 'auto',
          systemMinutes: clampedMinutes(record.checkInAt, record.shiftEndsAt, shift),
        }, 'auto_checkout');
        if (closed) await checks.afterCheckOut(closed);
        result.autoCheckedOut += 1;
      }
      await ports.markAttended(enrollment.id);
      result.attended += 1;
    }
    if (result.attended > 0) await nudgeToVerify(ports, job.data, result.attended);
    return result;
  };
}

async function nudgeToVerify(ports: AttendancePorts, { needId, shiftId }: ShiftCloseJob, attended: number): Promise<void> {
  const place = await ports.findShiftPlace(needId, shiftId);
  if (!place) return;
  await ports.notify(place.postedBy, {
    id: `verify-hours:${shiftId}`,
    title: '请核实服务时长',
    body: `「${place.title}」${formatShanghai(place.startsAt)} 的班次已结束，${attended} 位志愿者的服务时长等待你核实。`,
    data: { needId, shiftId },
  });
}
