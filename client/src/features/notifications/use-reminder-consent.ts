import { useQuery, useQueryClient } from '@tanstack/react-query';
import Taro from '@tarojs/taro';
import type { NotificationKind, RecordSubscriptionsInput, SubscriptionsView } from '@tongxin/shared';
import { fetchSubscriptions, recordSubscriptions, subscriptionsKey } from './subscriptions.api';
import { requestSubscribeMessage, SUBSCRIBE_MESSAGES_SUPPORTED } from './subscribe-message';

/** What a volunteer who just signed up will want to hear about, most important first (WeChat takes 3 per prompt). */
const SIGN_UP_KINDS: NotificationKind[] = ['shift-reminder', 'shift-moved', 'enrollment-promoted'];
const MAX_PER_PROMPT = 3;
/** After a "no", do not ask again for a week (ms). */
const QUIET_AFTER_REJECT_MS = 7 * 86_400_000;
const REJECTED_AT_KEY = 'tongxin.subscribeRejectedAt';

/** A version-4 UUID; Math.random is enough for an idempotency key (the mini-program has no crypto.randomUUID). */
function uuid(): string {
  return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, (c) => {
    const r = Math.floor(Math.random() * 16);
    return (c === 'x' ? r : (r & 0x3) | 0x8).toString(16);
  });
}

/** Templates worth asking for now: one-time ones with no opt-in left (long-term ones are granted elsewhere, once). */
export function templatesToAsk(view: SubscriptionsView): string[] {
  return SIGN_UP_KINDS.flatMap((kind) => view.templates.filter((t) => t.kind === kind && !t.longTerm && (t.remaining ?? 0) === 0))
    .map((t) => t.templateId)
    .slice(0, MAX_PER_PROMPT);
}

function rejectedRecently(): boolean {
  const at = Number(Taro.getStorageSync(REJECTED_AT_KEY) || 0);
  return Date.now() - at < QUIET_AFTER_REJECT_MS;
}

/**
 * Asks for subscribe-message consent at the moment it makes sense: in the tap that signs the
 * volunteer up, before any reminder is due, and only when no opt-in for reminders is left. The
 * answer goes to the server, which counts one message per "accept". On H5 nothing is asked.
 * The templates are fetched ahead, because WeChat only shows the prompt inside the tap itself.
 */
export function useReminderConsent(enabled: boolean): { ask: () => void } {
  const queryClient = useQueryClient();
  const subscriptions = useQuery({ queryKey: subscriptionsKey, queryFn: fetchSubscriptions, enabled: enabled && SUBSCRIBE_MESSAGES_SUPPORTED, staleTime: 60_000 });
  const ask = () => {
    const view = subscriptions.data;
    if (!SUBSCRIBE_MESSAGES_SUPPORTED || !view || rejectedRecently()) return;
    const templateIds = templatesToAsk(view);
    if (templateIds.length === 0) return;
    void requestSubscribeMessage(templateIds).then(async (results) => {
      if (Object.keys(results).length === 0) return;
      if (Object.values(results).every((r) => r !== 'accept')) Taro.setStorageSync(REJECTED_AT_KEY, String(Date.now()));
      const body: RecordSubscriptionsInput = { requestId: uuid(), results: results as RecordSubscriptionsInput['results'] };
      // The server's count is what later reminders rely on; a failed report only means one prompt more next time.
      queryClient.setQueryData(subscriptionsKey, await recordSubscriptions(body).catch(() => view));
    });
  };
  return { ask };
}
