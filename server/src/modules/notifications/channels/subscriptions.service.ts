import type { Actor, NotificationKind, RecordSubscriptionsInput, SubscriptionsView } from '@tongxin/shared';
import { ValidationError } from '../../../platform/errors';
import type { ChannelSettings } from './channel-config';
import type { SubscriptionOptIns } from './subscription-opt-ins';

/** The user's side of subscribe messages: which templates exist, and recording what they accepted. */
export class SubscriptionsService {
  constructor(private readonly settings: ChannelSettings, private readonly optIns: SubscriptionOptIns) {}

  async getMine(actor: Actor): Promise<SubscriptionsView> {
    const remaining = await this.optIns.remaining(actor.userId);
    const templates = (Object.entries(this.settings.templates) as Array<[NotificationKind, string]>).map(([kind, templateId]) => {
      const longTerm = this.settings.longTerm.has(kind);
      return { kind, templateId, longTerm, remaining: longTerm ? null : remaining[templateId] ?? 0 };
    });
    return { templates };
  }

  /** Each accepted one-time template adds one opt-in; rejections change nothing (WeChat keeps no debt). */
  async recordMine(actor: Actor, input: RecordSubscriptionsInput): Promise<SubscriptionsView> {
    const known = new Map((Object.entries(this.settings.templates) as Array<[NotificationKind, string]>).map(([kind, id]) => [id, kind]));
    const unknown = Object.keys(input.results).filter((id) => !known.has(id));
    if (unknown.length > 0) throw new ValidationError(unknown.map((id) => ({ path: `results.${id}`, message: '未知的订阅消息模板' })));
    const accepted = Object.entries(input.results)
      .filter(([id, result]) => result === 'accept' && !this.settings.longTerm.has(known.get(id)!))
      .map(([id]) => id);
    await this.optIns.record(actor.userId, input.requestId, accepted);
    return this.getMine(actor);
  }
}
