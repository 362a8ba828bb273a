import { useState } from 'react';
import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { InvitationView } from '@tongxin/shared';
import { QueryState } from '@/components/query-state';
import { asApiError } from '@/services/api';
import { openPage } from '@/features/auth/navigation';
import { useRequireSession } from '@/features/auth/use-require-session';
import { InvitationCard } from '@/features/matching/invitation-card';
import { answerInvitation, fetchInvitations, invitationsKey } from '@/features/matching/matching.api';
import { enrollmentsKey } from '@/features/schedule/schedule.api';
import { useReminderConsent } from '@/features/notifications/use-reminder-consent';
import { useRealtimeEvent } from '@/features/realtime/use-realtime';
import { usePullRefresh } from '@/hooks/use-pull-refresh';
import '@/components/ui.css';

type Answer = { id: string; answer: 'accept' | 'decline' };

/** The volunteer's invitations from community staff: accept (which signs up) or decline; new ones arrive live. */
export default function InvitationsPage() {
  const signedIn = useRequireSession();
  const queryClient = useQueryClient();
  const invitations = useQuery({ queryKey: invitationsKey, queryFn: fetchInvitations, enabled: signedIn });
  const [pending, setPending] = useState<Answer | null>(null);
  const consent = useReminderConsent(signedIn);
  usePullRefresh(() => invitations.refetch());
  useRealtimeEvent('invitation:received', () => void invitations.refetch(), signedIn);

  const answer = useMutation({
    mutationFn: ({ id, answer: a }: Answer) => answerInvitation(id, a),
    onMutate: (vars) => setPending(vars),
    onSuccess: (updated: InvitationView) => {
      // The server's answer replaces the row; accepting also changed the schedule.
      queryClient.setQueryData<InvitationView[]>(invitationsKey, (list) => list?.map((i) => (i.id === updated.id ? updated : i)));
      if (updated.status === 'accepted') {
        void queryClient.invalidateQueries({ queryKey: enrollmentsKey });
        void Taro.showToast({ title: '已报名，记得准时到场', icon: 'none', duration: 2500 });
      }
    },
    onError: (e) => {
      void Taro.showToast({ title: asApiError(e).title, icon: 'none', duration: 3000 });
      void invitations.refetch();
    },
    onSettled: () => setPending(null),
  });

  const respond = (id: string, a: 'accept' | 'decline') => {
    // Accepting is a sign-up: the moment to ask for reminder messages (inside the tap, as WeChat requires).
    if (a === 'accept') consent.ask();
    answer.mutate({ id, answer: a });
  };

  if (!signedIn) return null;
  return (
    <View className='ui-page'>
      <QueryState query={invitations} loading='正在加载邀请…' empty={{ when: (items) => items.length === 0, title: '暂时没有邀请', hint: '社区需要你时会在这里邀请你' }}>
        {(items) => (
          <>
            {items.map((i) => (
              <InvitationCard
                key={i.id}
                invitation={i}
                pending={pending?.id === i.id ? pending.answer : undefined}
                onAnswer={(a) => respond(i.id, a)}
                onOpen={() => openPage('need', { id: i.needId })}
              />
            ))}
          </>
        )}
      </QueryState>
    </View>
  );
}
