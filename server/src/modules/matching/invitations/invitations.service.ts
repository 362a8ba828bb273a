import { Types, type Connection } from 'mongoose';
import { formatShanghai, rooms, type Actor, type InvitationCampaignView, type InvitationView } from '@tongxin/shared';
import { authorize } from '../../access';
import type { EnrollmentsService, Inbox } from '../../enrollments';
import { ConflictError, NotFoundError } from '../../../platform/errors';
import { insertOnce } from '../../../platform/insert-once';
import type { Notifier } from '../../../platform/notifier';
import type { Redis } from '../../../platform/redis';
import type { MatchingEngine } from '../matching.engine';
import type { MatchableShift, MatchingService } from '../matching.service';
import { invitationModels, type InvitationRecord } from './invitations.model';

export interface InvitationSettings {
  waveSize: number;
  waveDelayMs: number;
  needRadiusKm: number;
  redisPrefix: string;
}

/** Schedules the check for the next wave (a BullMQ delayed job with a deterministic id). */
export type ScheduleWave = (job: { needId: string; shiftId: string; wave: number }, delayMs: number) => Promise<void>;

/** How many of a volunteer's latest invitations the list shows. */
const MY_INVITATIONS_LIMIT = 50;

const toView = (i: InvitationRecord): InvitationView => ({
  id: i._id, needId: i.needId.toHexString(), shiftId: i.shiftId.toHexString(), needTitle: i.needTitle,
  startsAt: i.startsAt.toISOString(), endsAt: i.endsAt.toISOString(), wave: i.wave, status: i.status,
  ...(i.enrollmentId ? { enrollmentId: i.enrollmentId } : {}),
});

/**
 * Invitations in waves: wave n invites the best K candidates not yet invited; a delayed job then
 * checks the fill level and runs wave n + 1 until the shift is full, has started, or candidates run
 * out. Exactly-once on FerretDB by inserts only: a wave marker `<shiftId>#<n>` before the wave, an
 * invitation `<shiftId>:<userId>` per volunteer. Accepting signs up through the enrollments module.
 */
export class InvitationsService {
  private readonly models;

  constructor(
    connection: Connection,
    private readonly redis: Redis,
    private readonly matching: MatchingService,
    private readonly engine: MatchingEngine,
    private readonly openShift: (needId: string, shiftId: string) => Promise<MatchableShift>,
    private readonly enrollments: () => EnrollmentsService,
    private readonly inbox: Inbox,
    private readonly notifier: Notifier,
    private readonly scheduleWave: ScheduleWave,
    private readonly settings: InvitationSettings,
  ) {
    this.models = invitationModels(connection);
  }

  invitedKey(shiftId: string): string {
    return `${this.settings.redisPrefix}:matching:invited:${shiftId}`;
  }

  /** Starts inviting for a shift (wave 1); asking again does not invite anyone twice. */
  async start(actor: Actor, needId: string, shiftId: string): Promise<InvitationCampaignView> {
    const shift = await this.openShift(needId, shiftId);
    authorize(actor, 'invitation:create', { communityCode: shift.communityCode, ...(shift.organizationId ? { organizationId: shift.organizationId } : {}) });
    const sent = await this.runWave(shift, 1);
    const waves = await this.models.waves.countDocuments({ _id: new RegExp(`^${shiftId}#`) }).exec();
    return { needId, shiftId, waves, invited: await this.redis.scard(this.invitedKey(shiftId)), sent: { wave: 1, invited: sent } };
  }

  /** The delayed check: stop when the shift is full, has started or is closed; otherwise invite the next wave. */
  async continueWaves(needId: string, shiftId: string, wave: number): Promise<number> {
    const shift = await this.openShift(needId, shiftId).catch(() => null);
    if (!shift || shift.slotsLeft <= 0) return 0;
    return this.runWave(shift, wave);
  }

  /** The volunteer's invitations, newest first: still open ones for shifts not started, and the last answered ones. */
  async listMine(actor: Actor): Promise<InvitationView[]> {
    authorize(actor, 'invitation:respond', { ownerUserId: actor.userId });
    const records = await this.models.invitations.find({ userId: new Types.ObjectId(actor.userId) })
      .sort({ createdAt: -1 }).limit(MY_INVITATIONS_LIMIT).lean<InvitationRecord[]>().exec();
    const now = Date.now();
    // An unanswered invitation for a shift that has started can no longer be accepted: not worth showing.
    return records.filter((i) => i.status !== 'invited' || i.startsAt.getTime() > now).map(toView);
  }

  async accept(actor: Actor, id: string): Promise<InvitationView> {
    const invitation = await this.mine(actor, id);
    if (invitation.status === 'accepted') return toView(invitation);
    if (invitation.status !== 'invited') throw new ConflictError('INVITATION_CLOSED');
    // The same safe sign-up as the button: seats, overlap, eligibility, waitlist rules.
    const enrollment = await this.enrollments().enroll(actor, invitation.needId.toHexString(), invitation.shiftId.toHexString(), { waitlist: false });
    return toView(await this.respond(invitation, 'accepted', enrollment.id));
  }

  async decline(actor: Actor, id: string): Promise<InvitationView> {
    const invitation = await this.mine(actor, id);
    if (invitation.status === 'declined') return toView(invitation);
    if (invitation.status !== 'invited') throw new ConflictError('INVITATION_CLOSED');
    return toView(await this.respond(invitation, 'declined'));
  }

  private async runWave(shift: MatchableShift, wave: number): Promise<number> {
    if (shift.startsAt.getTime() <= Date.now()) return 0;
    if (!(await insertOnce(this.models.waves, { _id: `${shift.shiftId}#${wave}`, at: new Date() }))) return 0;
    const candidates = await this.matching.rank(shift, this.settings.needRadiusKm, this.settings.waveSize);
    let invited = 0;
    for (const candidate of candidates) if (await this.invite(shift, candidate.id, wave)) invited++;
    if (candidates.length > 0) {
      await this.scheduleWave({ needId: shift.needId, shiftId: shift.shiftId, wave: wave + 1 }, this.settings.waveDelayMs);
    }
    return invited;
  }

  private async invite(shift: MatchableShift, userId: string, wave: number): Promise<boolean> {
    const record: InvitationRecord = {
      _id: `${shift.shiftId}:${userId}`, needId: new Types.ObjectId(shift.needId), shiftId: new Types.ObjectId(shift.shiftId),
      userId: new Types.ObjectId(userId), needTitle: shift.title, startsAt: shift.startsAt, endsAt: shift.endsAt, wave, status: 'invited',
      createdAt: new Date(),
    };
    if (!(await insertOnce(this.models.invitations, record))) return false;
    await this.redis.sadd(this.invitedKey(shift.shiftId), userId);
    await this.engine.record({ t: 'invited', userId, at: Date.now() });
    await this.inbox.deliver(userId, {
      id: `invitation:${record._id}`, kind: 'shift-invitation', urgent: true,
      title: '志愿服务邀请', body: `「${shift.title}」邀请你参加 ${formatShanghai(shift.startsAt)} 的班次，请确认是否参加。`,
      data: { invitationId: record._id, needId: shift.needId, shiftId: shift.shiftId },
    });
    this.notifier.emit(rooms.user(userId), 'invitation:received', toView(record));
    return true;
  }

  private async mine(actor: Actor, id: string): Promise<InvitationRecord> {
    const invitation = await this.models.invitations.findById(id).lean<InvitationRecord>().exec();
    if (!invitation) throw new NotFoundError('邀请不存在');
    authorize(actor, 'invitation:respond', { ownerUserId: invitation.userId.toHexString() });
    return invitation;
  }

  /** The answer is a plain update (the volunteer is its only writer; the sign-up itself is exclusive). */
  private async respond(invitation: InvitationRecord, status: 'accepted' | 'declined', enrollmentId?: string): Promise<InvitationRecord> {
    const set = { status, respondedAt: new Date(), ...(enrollmentId ? { enrollmentId } : {}) };
    await this.models.invitations.updateOne({ _id: invitation._id }, { $set: set }).exec();
    return { ...invitation, ...set };
  }
}
