import type { NotificationPage, UnreadCountView } from '@tongxin/shared';
import { api } from '@/services/api';

export const inboxKey = ['me', 'notifications'] as const;

export function fetchInbox(cursor?: string): Promise<NotificationPage> {
  return api.get<NotificationPage>('/me/notifications', { cursor, limit: 20 });
}

export function markRead(id: string): Promise<UnreadCountView> {
  return api.post<UnreadCountView>(`/me/notifications/${encodeURIComponent(id)}/read`);
}

export function markAllRead(): Promise<UnreadCountView> {
  return api.post<UnreadCountView>('/me/notifications/read-all');
}
