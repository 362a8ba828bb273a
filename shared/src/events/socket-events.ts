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

export interface ServerToClientEvents {
  'need:slots': (event: NeedSlotsEvent) => void;
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
