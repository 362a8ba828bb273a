import type { EnrollmentStatus } from '@tongxin/shared';
import type { ReliabilityFactKind } from './reliability.model';

/** A sign-up as it stands after a write (created, moved, cancelled, promoted, marked). Times are instants. */
export interface EnrollmentChange {
  enrollmentId: string;
  userId: string;
  shiftId: string;
  status: EnrollmentStatus;
  startsAt: Date;
  endsAt: Date;
}

/**
 * Other modules' interest in sign-ups (matching keeps schedules, weekly load and reliability in its
 * index). Called after the write has landed, in order; a failing observer fails the request, so
 * observers should do little and never throw for a remote hiccup they can repair later.
 */
export interface EnrollmentObserver {
  enrollmentChanged?(change: EnrollmentChange): Promise<void>;
  reliabilityRecorded?(fact: { userId: string; kind: ReliabilityFactKind }): Promise<void>;
}

export class EnrollmentObservers implements Required<EnrollmentObserver> {
  private readonly observers: EnrollmentObserver[] = [];

  add(observer: EnrollmentObserver): void {
    this.observers.push(observer);
  }

  async enrollmentChanged(change: EnrollmentChange): Promise<void> {
    for (const o of this.observers) await o.enrollmentChanged?.(change);
  }

  async reliabilityRecorded(fact: { userId: string; kind: ReliabilityFactKind }): Promise<void> {
    for (const o of this.observers) await o.reliabilityRecorded?.(fact);
  }
}
