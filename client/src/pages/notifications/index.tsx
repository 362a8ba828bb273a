import { Button, Text, View } from '@tarojs/components';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { formatShanghai, type NotificationView } from '@tongxin/shared';
import { StateView } from '@/components/state-view';
import { asApiError } from '@/services/api';
import { goToLogin, openPage } from '@/features/auth/navigation';
import { useRequireSession } from '@/features/auth/use-require-session';
import { fetchInbox, inboxKey, markAllRead, markRead } from '@/features/notifications/notifications.api';
import { useRealtimeEvent } from '@/features/realtime/use-realtime';
import { usePullRefresh } from '@/hooks/use-pull-refresh';
import '@/components/ui.css';

export default function NotificationsPage() {
  const signedIn = useRequireSession();
  const queryClient = useQueryClient();
  const key = [...inboxKey, 'pages'];
  const inbox = useInfiniteQuery({
    queryKey: key,
    queryFn: ({ pageParam }) => fetchInbox(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: signedIn,
  });
  const refresh = () => Promise.all([inbox.refetch(), queryClient.invalidateQueries({ queryKey: inboxKey })]);
  usePullRefresh(refresh);
  useRealtimeEvent('notification:created', () => void refresh(), signedIn);
  const read = useMutation({ mutationFn: (id: string | null) => (id === null ? markAllRead() : markRead(id)), onSuccess: () => void refresh() });

  if (!signedIn) return null;
  if (inbox.isPending) return <StateView kind='loading' title='正在加载消息…' />;
  if (inbox.isError) {
    const error = asApiError(inbox.error);
    if (error.needsLogin) goToLogin();
    return <StateView kind='error' title={error.title} actionText='重试' onAction={() => void inbox.refetch()} />;
  }
  const items = inbox.data.pages.flatMap((p) => p.items);
  const unread = inbox.data.pages[0]?.unreadCount ?? 0;
  const open = (n: NotificationView) => {
    if (n.readAt === null) read.mutate(n.id);
    if (n.data.needId) openPage('need', { id: n.data.needId });
    else if (n.kind === 'delivery-task' && n.data.taskId) {
      // Offers and reminders are the volunteer's; unclaimed and overdue alerts go to the point's operators.
      if (/^delivery-(offer|reminder):/.test(n.id)) openPage('deliveryTasks');
      else openPage('operatorDeliveryVolunteers', { taskId: n.data.taskId });
    }
  };
  return (
    <View className='ui-page'>
      <View className='ui-row' style={{ padding: '0 32px' }}>
        <Text className='ui-muted'>{unread > 0 ? `${unread} 条未读` : '全部已读'}</Text>
        {unread > 0 ? <Button className='ui-btn ui-btn--plain ui-btn--small' onClick={() => read.mutate(null)}>全部已读</Button> : null}
      </View>
      {items.length === 0 ? <StateView kind='empty' title='暂时没有消息' hint='报名提醒、班次变动会在这里通知你' /> : null}
      {items.map((n) => (
        <View key={n.id} className='ui-card' data-unread={n.readAt === null} onClick={() => open(n)} role='button'>
          <View className='ui-row' style={{ minHeight: 'auto' }}>
            <Text className='ui-text' style={{ fontWeight: n.readAt === null ? 700 : 400 }}>{n.readAt === null ? '● ' : ''}{n.title}</Text>
          </View>
          <Text className='ui-muted'>{n.body}</Text>
          <Text className='ui-muted'>{formatShanghai(n.createdAt)}</Text>
        </View>
      ))}
      {inbox.hasNextPage ? (
        <Button className='ui-btn ui-btn--plain ui-btn--block' style={{ margin: '0 24px' }} loading={inbox.isFetchingNextPage} onClick={() => void inbox.fetchNextPage()}>加载更多</Button>
      ) : null}
    </View>
  );
}
