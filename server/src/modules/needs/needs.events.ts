/** What other modules hear about a need's changes (enrollments cancel sign-ups, move reminders). */
export interface NeedEvents {
  shiftsCreated: { needId: string; shifts: Array<{ shiftId: string; endsAt: Date }> };
  needCancelled: { needId: string; needTitle: string; reason: string };
  shiftMoved: { needId: string; needTitle: string; shiftId: string; startsAt: Date; endsAt: Date };
}

export type NeedEventHandlers = { [E in keyof NeedEvents]?: (event: NeedEvents[E]) => Promise<void> };

/**
 * In-process subscribers, called in order after the need's own write has landed. A crash between
 * the two leaves sign-ups that the reminder job and reconciliation still check against the need.
 */
export class NeedEventBus {
  private readonly subscribers: NeedEventHandlers[] = [];

  subscribe(handlers: NeedEventHandlers): void {
    this.subscribers.push(handlers);
  }

  async publish<E extends keyof NeedEvents>(name: E, event: NeedEvents[E]): Promise<void> {
    for (const subscriber of this.subscribers) {
      const handler = subscriber[name] as ((e: NeedEvents[E]) => Promise<void>) | undefined;
      await handler?.(event);
    }
  }
}
