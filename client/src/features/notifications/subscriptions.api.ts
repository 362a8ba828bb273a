import type { RecordSubscriptionsInput, SubscriptionsView } from '@tongxin/shared';
import { api } from '@/services/api';

export const subscriptionsKey = ['me', 'subscriptions'] as const;

export function fetchSubscriptions(): Promise<SubscriptionsView> {
  return api.get<SubscriptionsView>('/me/subscriptions');
}

export function recordSubscriptions(body: RecordSubscriptionsInput): Promise<SubscriptionsView> {
  return api.post<SubscriptionsView>('/me/subscriptions', body);
}
