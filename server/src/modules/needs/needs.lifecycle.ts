import {
  type Actor, type CancelNeedInput, type MoveShiftInput, type NeedView,
} from '@tongxin/shared';
import { Types } from 'mongoose';
import { authorize } from '../access';
import { ConflictError, NotFoundError } from '../../platform/errors';
import type { DomainEventBus } from '../domain-events';
import type { NeedEventBus } from './needs.events';
import type { NeedRecord, NeedsRepository } from './needs.repository';
import type { NeedPresenter } from './needs.view';
import { postedFacts } from './need-facts';
import type { ShiftSeats } from './shift-seats';

/** Publishing, cancelling and moving shifts: the organizer's side of a need's life. */
export class NeedLifecycle {
  constructor(
    private readonly repository: NeedsRepository,
    private readonly seats: ShiftSeats,
    private readonly presenter: NeedPresenter,
    private readonly events: NeedEventBus,
    private readonly domainEvents: DomainEventBus,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async publish(actor: Actor, needId: string): Promise<NeedView> {
    const need = await this.ownNeed(actor, needId);
    const published = await this.repository.setStatus(need._id, ['draft'], 'open');
    if (!published) throw new ConflictError('CONFLICT', '只有草稿可以发布');
    await this.domainEvents.publish('need:posted', { ...postedFacts(published), at: this.now() });
    return this.presenter.present(published);
  }

  /** Cancels the need; every volunteer signed up is told, and their sign-ups and reminders go. */
  async cancel(actor: Actor, needId: string, { reason }: CancelNeedInput): Promise<NeedView> {
    const need = await this.ownNeed(actor, needId);
    const cancelled = await this.repository.setStatus(need._id, ['draft', 'open'], 'cancelled', {
      cancelReason: reason, cancelledAt: this.now(),
    });
    if (!cancelled) throw new ConflictError('CONFLICT', '该需求已取消或已结束');
    await this.events.publish('needCancelled', { needId, needTitle: need.title, reason });
    await this.domainEvents.publish('need:cancelled', { needId, communityCode: need.communityCode, at: this.now() });
    return this.presenter.present(cancelled);
  }

  /** Moves a future shift (and may change its capacity, never below the places taken). */
  async moveShift(actor: Actor, needId: string, shiftId: string, input: MoveShiftInput): Promise<NeedView> {
    const need = await this.ownNeed(actor, needId);
    const index = need.shifts.findIndex((s) => s._id.toHexString() === shiftId);
    const shift = need.shifts[index];
    if (!shift) throw new NotFoundError('班次不存在');
    if (need.status === 'cancelled') throw new ConflictError('NEED_NOT_OPEN');
    const now = this.now().getTime();
    if (shift.startsAt.getTime() <= now || Date.parse(input.startsAt) <= now) throw new ConflictError('SHIFT_STARTED');
    const times = { startsAt: new Date(input.startsAt), endsAt: new Date(input.endsAt) };
    // Shrink first, then look for seats above the new capacity: a sign-up arriving meanwhile already
    // sees the smaller number. If places above it are held, the old capacity comes back.
    const updated = await this.repository.setShift(need._id, index, { ...times, capacity: input.capacity });
    if (!updated) throw new NotFoundError('需求不存在');
    if (input.capacity < shift.capacity && await this.seats.anyHeldAbove(shift._id, input.capacity, shift.capacity)) {
      await this.repository.setShift(need._id, index, shift);
      throw new ConflictError('CONFLICT', '名额不能少于已报名人数');
    }
    if (times.startsAt.getTime() !== shift.startsAt.getTime() || times.endsAt.getTime() !== shift.endsAt.getTime()) {
      await this.events.publish('shiftMoved', { needId, needTitle: need.title, shiftId, ...times });
    }
    return this.presenter.present(updated);
  }

  private async ownNeed(actor: Actor, needId: string): Promise<NeedRecord> {
    const need = Types.ObjectId.isValid(needId) ? await this.repository.findById(needId) : null;
    if (!need) throw new NotFoundError('需求不存在');
    authorize(actor, 'need:manage', { communityCode: need.communityCode, ...(need.organizationId ? { organizationId: need.organizationId } : {}) });
    return need;
  }
}
