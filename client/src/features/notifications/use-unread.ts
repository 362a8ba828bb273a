import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRealtimeEvent } from '@/features/realtime/use-realtime';
import { fetchInbox, inboxKey } from './notifications.api';

/** The unread count for the badge: from the first inbox page, refetched when a notice arrives live. */
export function useUnreadCount(enabled: boolean): number {
  const queryClient = useQueryClient();
  const inbox = useQuery({ queryKey: inboxKey, queryFn: () => fetchInbox(), enabled });
  useRealtimeEvent('notification:created', () => void queryClient.invalidateQueries({ queryKey: inboxKey }), enabled);
  return inbox.data?.unreadCount ?? 0;
}
