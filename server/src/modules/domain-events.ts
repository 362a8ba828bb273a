import type { Logger } from '../platform/logger';

/**
 * Facts modules announce after their own write has landed, for read models such as the live
 * statistics. Payloads carry ids, areas and amounts, never personal data; instants are UTC.
 */
export interface DomainEvents {
  /** A volunteer took a place on a shift (not a waitlist entry). */
  'enrollment:created': { enrollmentId: string; userId: string; communityCode: string; at: Date };
  /** Service hours entered the ledger: staff verification, supplementary hours, or a correction (`minutes` is then the signed change). */
  'hours:recorded': { enrollmentId: string; userId: string; communityCode: string; minutes: number; kind: 'verified' | 'supplementary' | 'correction'; at: Date };
  /** A need was published (created open, or a draft published), with its shifts' places (for the unfilled-needs list). */
  'need:posted': {
    needId: string; title: string; communityCode: string; shifts: number; shiftPlaces: Array<{ shiftId: string; startsAt: Date; capacity: number }>; at: Date;
  };
  /** A need was cancelled: its places are no longer wanted. */
  'need:cancelled': { needId: string; communityCode: string; at: Date };
  /** A meal booking was closed (cancelled, served, delivered or missed); `date` is the meal's Shanghai day. */
  'meal:closed': { bookingId: string; pointId: string; date: string; meal: string; outcome: string; at: Date };
  /** A donation's payment was settled; `matchedFen` drawn from the matching pool for it. Amounts in fen. */
  'donation:paid': { donationId: string; campaignId: string; userId: string; amountFen: number; matchedFen: number; at: Date };
}

export type DomainEventName = keyof DomainEvents;
type Handler<E extends DomainEventName> = (event: DomainEvents[E]) => Promise<void> | void;

/**
 * In-process publish/subscribe. A subscriber's failure is logged and never fails the publisher:
 * read models are rebuilt from the store (nightly roll-ups), the publisher's write is the record.
 */
export class DomainEventBus {
  private readonly handlers = new Map<DomainEventName, Array<Handler<never>>>();

  constructor(private readonly logger: Logger) {}

  subscribe<E extends DomainEventName>(name: E, handler: Handler<E>): void {
    const list = this.handlers.get(name) ?? [];
    list.push(handler as Handler<never>);
    this.handlers.set(name, list);
  }

  async publish<E extends DomainEventName>(name: E, event: DomainEvents[E]): Promise<void> {
    for (const handler of this.handlers.get(name) ?? []) {
      try {
        await (handler as Handler<E>)(event);
      } catch (err) {
        this.logger.warn({ err, event: name }, 'domain event subscriber failed');
      }
    }
  }
}
