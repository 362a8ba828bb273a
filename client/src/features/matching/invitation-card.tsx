import { Button, Text, View } from '@tarojs/components';
import type { InvitationView } from '@tongxin/shared';
import { shiftTimeRange } from '@/features/needs/need-labels';
import '@/components/ui.css';
import './matching.css';

interface InvitationCardProps {
  invitation: InvitationView;
  /** The answer being sent, if any: both buttons wait for it. */
  pending?: 'accept' | 'decline';
  onAnswer: (answer: 'accept' | 'decline') => void;
  onOpen: () => void;
}

const STATUS_TEXT = { invited: '等待你的回复', accepted: '已接受，已为你报名', declined: '已婉拒' } as const;

/** One invitation: the shift, and accept / decline while it is open; the answer once given. */
export function InvitationCard({ invitation, pending, onAnswer, onOpen }: InvitationCardProps) {
  const open = invitation.status === 'invited';
  return (
    <View className='ui-card' data-invitation={invitation.id} data-status={invitation.status}>
      <View role='link' onClick={onOpen}>
        <Text className='ui-text' style={{ fontWeight: 600 }}>{invitation.needTitle}</Text>
        <Text className='ui-muted'>{shiftTimeRange(invitation)}</Text>
      </View>
      {open ? (
        <View className='match-actions'>
          <Button className='ui-btn ui-btn--plain' data-action='decline' loading={pending === 'decline'} disabled={pending !== undefined || undefined} onClick={() => onAnswer('decline')}>
            婉拒
          </Button>
          <Button className='ui-btn' data-action='accept' loading={pending === 'accept'} disabled={pending !== undefined || undefined} onClick={() => onAnswer('accept')}>
            接受并报名
          </Button>
        </View>
      ) : (
        <View className={`match-status${invitation.status === 'declined' ? ' match-status--declined' : ''}`} role='status'>
          {STATUS_TEXT[invitation.status]}
        </View>
      )}
    </View>
  );
}
