import { Router, type RequestHandler } from 'express';
import type { ModuleDeps } from '../module-deps';
import type { NeedEventBus } from '../needs';
import { QUEUE_NAMES } from '../queues.registry';
import { shiftCloseProcessor, shiftCloseScheduling } from './attendance.jobs';
import { CheckInCodes } from './attendance.codes';
import { AttendanceRepository } from './attendance.repository';
import { attendanceRouter } from './attendance.routes';
import { AttendanceService, type AttendancePorts } from './attendance.service';
import { AttendanceReview } from './attendance-review';
import { attendanceReviewRouter } from './attendance-review.routes';
import { HoursCorrections } from './hours-corrections';
import { HoursLedger } from './hours-ledger';
import { Implausibility } from './implausibility';
import { OfflineAttendance } from './offline-attendance';
import { offlineAttendanceRouter } from './offline-attendance.routes';
import { HoursService } from './hours.service';
import { ServiceRecords } from './service-records';
import { SupplementaryHours } from './supplementary-hours';

export type { AttendancePorts, EnrolledShift, ShiftPlace } from './attendance.service';
export type { HoursLedger, LedgerLine } from './hours-ledger';

/** Check-in and check-out on shifts, verified service hours and star levels. */
export function createAttendanceModule(
  deps: ModuleDeps, ports: AttendancePorts, needEvents: NeedEventBus, authenticate: RequestHandler,
) {
  const { config } = deps;
  const repository = new AttendanceRepository(deps.connection);
  const checks = new Implausibility(repository, deps.redis, {
    deviceVolunteersPerDay: config.DEVICE_VOLUNTEERS_PER_DAY, hashKey: config.PII_HASH_KEY, prefix: config.REDIS_PREFIX,
  });
  const codes = new CheckInCodes(config.CHECKIN_CODE_SECRET, config.CHECKIN_CODE_WINDOW_SECONDS);
  const rules = { opensMinutes: config.CHECKIN_OPENS_MINUTES, graceMinutes: config.CHECKOUT_GRACE_MINUTES, radiusMetres: config.CHECKIN_RADIUS_METRES };
  const offline = new OfflineAttendance(repository, codes, ports, {
    ...rules, windowSeconds: config.CHECKIN_CODE_WINDOW_SECONDS, submitHours: config.OFFLINE_CHECKIN_SUBMIT_HOURS,
  }, checks, config.CHECKIN_CODE_SECRET);
  const service = new AttendanceService(
    repository,
    codes,
    ports,
    rules,
    deps.audit,
    deps.events,
    checks,
  );
  const hours = new HoursService(
    repository, config.STAR_THRESHOLDS_HOURS.split(',').map(Number), config.STAR_MIN_MONTHS ? config.STAR_MIN_MONTHS.split(',').map(Number) : [],
  );
  needEvents.subscribe(shiftCloseScheduling(deps.queues, config.CHECKOUT_GRACE_MINUTES));
  return {
    service,
    hours,
    ledger: new HoursLedger(repository, ports),
    router: Router().use(attendanceRouter(service, hours, {
      records: new ServiceRecords(repository, ports),
      supplements: new SupplementaryHours(repository, ports, deps.audit, deps.events),
      limits: deps.rateLimits,
    }, authenticate), attendanceReviewRouter(
      new HoursCorrections(repository, deps.audit, deps.events), new AttendanceReview(repository, deps.audit), authenticate,
    ), offlineAttendanceRouter(offline, authenticate)),
    startWorkers: () => {
      deps.queues.worker(QUEUE_NAMES.shiftClose, shiftCloseProcessor(repository, ports, checks));
    },
  };
}
