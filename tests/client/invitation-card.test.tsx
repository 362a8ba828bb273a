import { fireEvent, render, screen } from '@testing-library/react';
import type { InvitationView, SubscriptionsView } from '@tongxin/shared';
import { InvitationCard } from '@/features/matching/invitation-card';
import { templatesToAsk } from '@/features/notifications/use-reminder-consent';

const invitation = (overrides: Partial<InvitationView> = {}): InvitationView => ({
  id: `${'a'.repeat(24)}:${'b'.repeat(24)}`, needId: 'n1', shiftId: 'a'.repeat(24), needTitle: '陪独居老人散步',
  startsAt: '2026-12-05T01:00:00.000Z', endsAt: '2026-12-05T03:00:00.000Z', wave: 1, status: 'invited', ...overrides,
});

describe('InvitationCard', () => {
  it('shows the shift in Beijing time and sends accept or decline', () => {
    const onAnswer = jest.fn();
    const onOpen = jest.fn();
    render(<InvitationCard invitation={invitation()} onAnswer={onAnswer} onOpen={onOpen} />);
    expect(screen.getByText('陪独居老人散步')).toBeTruthy();
    expect(screen.getByText('2026/12/05 09:00–11:00')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '接受并报名' }));
    fireEvent.click(screen.getByRole('button', { name: '婉拒' }));
    expect(onAnswer.mock.calls).toEqual([['accept'], ['decline']]);
    fireEvent.click(screen.getByRole('link'));
    expect(onOpen).toHaveBeenCalledTimes(1);
  });

  it('holds both buttons while an answer is on its way', () => {
    render(<InvitationCard invitation={invitation()} pending='accept' onAnswer={() => undefined} onOpen={() => undefined} />);
    const accept = screen.getByRole('button', { name: '接受并报名' }) as HTMLButtonElement;
    expect(accept.disabled && accept.getAttribute('aria-busy') === 'true').toBe(true);
    expect((screen.getByRole('button', { name: '婉拒' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows the answer instead of buttons once given', () => {
    const { rerender } = render(<InvitationCard invitation={invitation({ status: 'accepted', enrollmentId: 'e' })} onAnswer={() => undefined} onOpen={() => undefined} />);
    expect(screen.getByRole('status').textContent).toBe('已接受，已为你报名');
    expect(screen.queryByRole('button')).toBeNull();
    rerender(<InvitationCard invitation={invitation({ status: 'declined' })} onAnswer={() => undefined} onOpen={() => undefined} />);
    expect(screen.getByRole('status').textContent).toBe('已婉拒');
  });
});

describe('templatesToAsk (subscribe-message consent)', () => {
  const view = (remaining: Record<string, number | null>): SubscriptionsView => ({
    templates: [
      { kind: 'shift-moved', templateId: 'T-moved', longTerm: false, remaining: remaining.moved ?? 0 },
      { kind: 'shift-reminder', templateId: 'T-remind', longTerm: false, remaining: remaining.remind ?? 0 },
      { kind: 'welfare-alert', templateId: 'T-welfare', longTerm: true, remaining: null },
    ],
  });

  it('asks for reminders first, only for templates with no opt-in left, never for unrelated kinds', () => {
    expect(templatesToAsk(view({}))).toEqual(['T-remind', 'T-moved']);
    expect(templatesToAsk(view({ remind: 2 }))).toEqual(['T-moved']);
    expect(templatesToAsk(view({ remind: 1, moved: 1 }))).toEqual([]);
  });
});
