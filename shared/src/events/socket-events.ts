import { z } from '../contracts/zod';
import { objectIdSchema } from '../contracts/common';
import type { ErrorCode, FieldError } from '../errors/error-codes';
import type { CampaignTally, RecentDonationView } from '../contracts/campaigns';
import type { LeaderboardTop } from '../contracts/campaign-leaderboard';
import type { NotificationView } from '../contracts/notifications';
import type { InvitationView } from '../contracts/matching';
import type { StatsLiveEvent, StatsWatchPayload } from '../contracts/stats';

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

/** A place opened on a shift the volunteer waited for, and it is theirs now. */
export interface EnrollmentPromotedEvent {
  enrollmentId: string;
  needId: string;
  needTitle: string;
  startsAt: string;
}

/** A shift the volunteer signed up for moved; reminders moved with it. Instants are UTC. */
export interface ShiftMovedEvent {
  enrollmentId: string;
  needId: string;
  needTitle: string;
  startsAt: string;
  endsAt: string;
}

/** A new entry in the user's inbox (sent once, when it is first stored); the inbox is the record. */
export type NotificationCreatedEvent = NotificationView;

/** A campaign's latest totals, coalesced to a few per second per room; amounts in fen. */
export interface CampaignTallyEvent extends CampaignTally {
  campaignId: string;
  /**
   * Donations paid since the room's last event, newest first, names masked. They ride on the tally
   * (one message per watcher, not two: on a giving day the fan-out is the cost) and are new even
   * when the tally itself is older than the one the client holds.
   */
  recent?: RecentDonationView[];
  /**
   * The top of the opt-in donor leaderboard (LEADERBOARD_LIVE_SIZE lines), when a change since the
   * room's last event moved it; its own `seq` says which board is newer, whatever the tally's.
   */
  leaderboard?: LeaderboardTop;
}

export interface ServerToClientEvents {
  'campaign:tally': (event: CampaignTallyEvent) => void;
  'enrollment:cancelled': (event: EnrollmentCancelledEvent) => void;
  'enrollment:promoted': (event: EnrollmentPromotedEvent) => void;
  'need:slots': (event: NeedSlotsEvent) => void;
  'shift:moved': (event: ShiftMovedEvent) => void;
  'reminder:due': (event: ReminderDueEvent) => void;
  'notification:created': (event: NotificationCreatedEvent) => void;
  /** A volunteer was invited to a shift (into their user room). */
  'invitation:received': (event: InvitationView) => void;
  'stats:live': (event: StatsLiveEvent) => void;
}

export const needWatchSchema = z.strictObject({ needId: objectIdSchema });
export type NeedWatchPayload = z.infer<typeof needWatchSchema>;

export const campaignWatchSchema = z.strictObject({ campaignId: objectIdSchema });
export type CampaignWatchPayload = z.infer<typeof campaignWatchSchema>;

export interface ClientToServerEvents {
  'campaign:watch': (payload: CampaignWatchPayload, ack: (result: Ack) => void) => void;
  'campaign:unwatch': (payload: CampaignWatchPayload, ack: (result: Ack) => void) => void;
  'need:watch': (payload: NeedWatchPayload, ack: (result: Ack) => void) => void;
  'need:unwatch': (payload: NeedWatchPayload, ack: (result: Ack) => void) => void;
  /** Joins an area's live statistics room; acknowledged with the counters so far today. */
  'stats:watch': (payload: StatsWatchPayload, ack: (result: Ack<StatsLiveEvent>) => void) => void;
  'stats:unwatch': (payload: StatsWatchPayload, ack: (result: Ack) => void) => void;
}

/** Room names, built in one place so server and tests agree. */
export const rooms = {
  user: (userId: string) => `user:${userId}`,
  need: (needId: string) => `need:${needId}`,
  campaign: (campaignId: string) => `campaign:${campaignId}`,
  district: (districtCode: string) => `district:${districtCode}`,
  statsLive: (areaCode: string) => `stats:live:${areaCode}`,
} as const;
