import { Types } from 'mongoose';
import {
  ATTENDANCE_FLAGS,
  type Actor, type FlaggedAttendanceQuery, type FlaggedAttendanceView, type ReviewAttendanceInput,
} from '@tongxin/shared';
import { authorize } from '../access';
import type { AuditTrail } from '../audit';
import { NotFoundError, ValidationError } from '../../platform/errors';
import type { AttendanceRecord, AttendanceRepository } from './attendance.repository';

/** How far back the staff list looks: a community's most recent records. */
const SCAN_LIMIT = 2000;

/** Staff's review of flagged attendance: the list per community, and marking a record as looked at. */
export class AttendanceReview {
  constructor(
    private readonly repository: AttendanceRepository,
    private readonly audit: AuditTrail,
  ) {}

  async flagged(actor: Actor, query: FlaggedAttendanceQuery): Promise<{ items: FlaggedAttendanceView[] }> {
    const communityCode = query.communityCode ?? actor.scopes.communityCode;
    if (!communityCode) throw new ValidationError([{ path: 'communityCode', message: '请指定社区' }]);
    authorize(actor, 'attendance:verify', { communityCode });
    const records = await this.repository.listByCommunity(communityCode, SCAN_LIMIT);
    const items = records
      .filter((r) => r.flags.length > 0 && (query.includeReviewed || !r.reviewedAt))
      .slice(0, query.limit)
      .map(toFlaggedView);
    return { items };
  }

  async review(actor: Actor, enrollmentId: string, input: ReviewAttendanceInput): Promise<FlaggedAttendanceView> {
    const record = await this.repository.findById(enrollmentId);
    if (!record) throw new NotFoundError('没有该报名的签到记录');
    authorize(actor, 'attendance:verify', { communityCode: record.communityCode });
    const reviewed = await this.repository.markReviewed(enrollmentId, new Types.ObjectId(actor.userId), input.note);
    await this.audit.record({
      actor, action: 'attendance:review', subject: { type: 'enrollment', id: enrollmentId, communityCode: record.communityCode },
      before: { flags: record.flags }, after: { reviewed: true, ...(input.note ? { note: input.note } : {}) },
    });
    return toFlaggedView(reviewed ?? record);
  }
}

function toFlaggedView(r: AttendanceRecord): FlaggedAttendanceView {
  return {
    enrollmentId: r._id,
    userId: r.userId.toHexString(),
    needId: r.needId.toHexString(),
    shiftStartsAt: r.shiftStartsAt.toISOString(),
    shiftEndsAt: r.shiftEndsAt.toISOString(),
    status: r.status,
    checkInAt: r.checkInAt.toISOString(),
    ...(r.checkOutAt ? { checkOutAt: r.checkOutAt.toISOString() } : {}),
    checkInMethod: r.checkInMethod,
    ...(r.systemMinutes !== undefined ? { systemMinutes: r.systemMinutes } : {}),
    ...(r.verifiedMinutes !== undefined ? { verifiedMinutes: r.verifiedMinutes } : {}),
    flags: r.flags.map((code) => ({ code, label: (ATTENDANCE_FLAGS as Record<string, string>)[code] ?? code })),
    ...(r.reviewedAt ? { reviewedAt: r.reviewedAt.toISOString() } : {}),
  };
}
