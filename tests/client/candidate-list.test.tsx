import { fireEvent, render, screen, within } from '@testing-library/react';
import type { CandidateView, MatchReasons } from '@tongxin/shared';
import { CandidateList } from '@/features/matching/candidate-list';
import { reasonPhrases } from '@/features/matching/match-reasons';

const reasons = (overrides: Partial<MatchReasons> = {}): MatchReasons => ({
  distanceKm: 0.4, matchedSkills: [], availability: [], sameCommunity: false, reliabilityPercent: 90, hoursThisWeek: 0, ...overrides,
});

const candidates: CandidateView[] = [
  {
    volunteerId: 'v1', maskedName: '李*', score: 0.912,
    reasons: reasons({ distanceKm: 0.4, matchedSkills: [{ code: 'elderly_care', label: '助老陪护' }], availability: ['周六上午'], sameCommunity: true, reliabilityPercent: 98 }),
  },
  { volunteerId: 'v2', maskedName: '王**', score: 0.655, reasons: reasons({ distanceKm: 3.26, hoursThisWeek: 2.5, reliabilityPercent: 75 }) },
];

describe('CandidateList', () => {
  it('shows the candidates in rank order with masked names, the score and why each fits', () => {
    const { container } = render(<CandidateList candidates={candidates} onInvite={() => undefined} inviting={false} canInvite />);
    const cards = container.querySelectorAll('[data-candidate]');
    expect(Array.from(cards, (c) => c.getAttribute('data-candidate'))).toEqual(['v1', 'v2']);
    const first = within(cards[0] as HTMLElement);
    expect(first.getByLabelText('第 1 名').textContent).toBe('1');
    expect(first.getByText('李*')).toBeTruthy();
    expect(first.getByText('匹配度 91')).toBeTruthy();
    for (const phrase of ['距离 400 米', '技能匹配：助老陪护', 'TA有空：周六上午', '同社区', '出勤率 98%', '本周还没有服务']) expect(first.getByText(phrase)).toBeTruthy();
    const second = within(cards[1] as HTMLElement);
    for (const phrase of ['距离 3.3 公里', '出勤率 75%', '本周已服务 2.5 小时']) expect(second.getByText(phrase)).toBeTruthy();
    expect(second.queryByText(/技能匹配|同社区|有空/)).toBeNull();
    expect(screen.getByText('推荐志愿者（2 位）')).toBeTruthy();
  });

  it('invites with one tap, waits while the request runs, and shows what was sent', () => {
    const onInvite = jest.fn();
    const { rerender } = render(<CandidateList candidates={candidates} onInvite={onInvite} inviting={false} canInvite />);
    fireEvent.click(screen.getByRole('button', { name: '邀请排名靠前的志愿者' }));
    expect(onInvite).toHaveBeenCalledTimes(1);

    rerender(<CandidateList candidates={candidates} onInvite={onInvite} inviting canInvite />);
    const busy = screen.getByRole('button', { name: '邀请排名靠前的志愿者' }) as HTMLButtonElement;
    expect(busy.disabled).toBe(true);
    expect(busy.getAttribute('aria-busy')).toBe('true');

    rerender(<CandidateList candidates={candidates} onInvite={onInvite} inviting={false} sentNote='已邀请 2 位（第 1 批）' canInvite />);
    expect(screen.getByRole('status').textContent).toBe('已邀请 2 位（第 1 批）');
  });

  it('offers no invitation for a full shift, and says so when nobody nearby fits', () => {
    const onInvite = jest.fn();
    const { rerender } = render(<CandidateList candidates={candidates} onInvite={onInvite} inviting={false} canInvite={false} />);
    const full = screen.getByRole('button', { name: '班次已满，无需邀请' }) as HTMLButtonElement;
    expect(full.disabled).toBe(true);

    rerender(<CandidateList candidates={[]} onInvite={onInvite} inviting={false} canInvite />);
    expect(screen.getByText('附近暂时没有合适的志愿者')).toBeTruthy();
    expect((screen.getByRole('button', { name: '邀请排名靠前的志愿者' }) as HTMLButtonElement).disabled).toBe(true);
    expect(onInvite).not.toHaveBeenCalled();
  });
});

describe('reasonPhrases', () => {
  it('speaks to the volunteer in the second person and leaves out staff-only facts', () => {
    expect(reasonPhrases(reasons({ distanceKm: 1.25, availability: ['周日下午'], sameCommunity: true }), '你')).toEqual(['距离你 1.3 公里', '你有空：周日下午', '就在你的社区']);
    expect(reasonPhrases(reasons({ distanceKm: 0.01 }), '你')[0]).toBe('距离你 50 米');
  });
});
