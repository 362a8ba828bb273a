import { z } from '../contracts/zod';
import { objectIdSchema } from '../contracts/common';
import type { ErrorCode, FieldError } from '../errors/error-codes';

/** Every client command is acknowledged with a discriminated result, using the API's error codes. */
export type Ack<T = undefined> = { ok: true; data: T } | { ok: false; code: ErrorCode; errors?: FieldError[] };

/** Places left on one shift; `seq` grows with every change so a client can drop stale updates. */
export interface NeedSlotsEvent {
  needId: string;
  shiftId: string;
  capacity: number;
  enrolled: number;
  slotsLeft: number;
  seq: number;
}

/** A shift is coming up for the volunteer; `kind` says how far ahead. */
export interface ReminderDueEvent {
  enrollmentId: string;
  needId: string;
  shiftId: string;
  needTitle: string;
  startsAt: string;
  kind: '24h' | '2h';
}

/** A need the volunteer signed up for was cancelled by its organizers; the sign-up is cancelled too. */
export interface EnrollmentCancelledEvent {
  enrollmentId: string;
  needId: string;
  needTitle: string;
  reason: string;
}

/** A shift the volunteer signed up for moved; reminders moved with it. Instants are UTC. */
export interface ShiftMovedEvent {
  enrollmentId: string;
  needId: string;
  needTitle: string;
  startsAt: string;
  endsAt: string;
}

export interface ServerToClientEvents {
  'enrollment:cancelled': (event: EnrollmentCancelledEvent) => void;
  'need:slots': (event: NeedSlotsEvent) => void;
  'shift:moved': (event: ShiftMovedEvent) => void;
  'reminder:due': (event: ReminderDueEvent) => void;
}

export const needWatchSchema = z.strictObject({ needId: objectIdSchema });
export type NeedWatchPayload = z.infer<typeof needWatchSchema>;

export interface ClientToServerEvents {
  'need:watch': (payload: NeedWatchPayload, ack: (result: Ack) => void) => void;
  'need:unwatch': (payload: NeedWatchPayload, ack: (result: Ack) => void) => void;
}

/** Room names, built in one place so server and tests agree. */
export const rooms = {
  user: (userId: string) => `user:${userId}`,
  need: (needId: string) => `need:${needId}`,
  district: (districtCode: string) => `district:${districtCode}`,
} as const;
