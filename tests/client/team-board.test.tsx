import { render, screen } from '@testing-library/react';
import type { TeamView } from '@tongxin/shared';
import { TeamBoard, teamPercent } from '@/features/giving/team-board';

const aTeam = (overrides: Partial<TeamView> = {}): TeamView => ({
  id: 't'.repeat(24), campaignId: 'c'.repeat(24), name: '春熙路爱心队', goalFen: 100_000, raisedFen: 25_050, memberCount: 3, joined: true,
  topDonors: [{ donorName: '张*', amountFen: 20_000 }, { donorName: '爱心人士', amountFen: 5_050 }], createdAt: '2026-11-29T02:00:00.000Z', ...overrides,
});

describe('TeamBoard', () => {
  it('shows progress towards the team goal and the donor board in order', () => {
    render(<TeamBoard team={aTeam()} />);
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('25');
    expect(screen.getByText(/已筹/).textContent).toBe('已筹 ¥250.50 / 目标 ¥1,000.00（25%）');
    expect(screen.getByText(/位队员/).textContent).toBe('3 位队员 · 你已加入');
    expect(screen.getAllByText(/^\d\. /).map((n) => n.textContent)).toEqual(['1. 张*', '2. 爱心人士']);
  });

  it('invites the first gift when no member has given, and caps the bar at 100%', () => {
    render(<TeamBoard team={aTeam({ raisedFen: 0, topDonors: [], joined: false })} />);
    expect(screen.getByText('还没有队员捐赠，来做第一个吧')).toBeTruthy();
    expect(screen.getByText(/位队员/).textContent).toBe('3 位队员');
    expect(teamPercent({ raisedFen: 300_000, goalFen: 100_000 })).toBe(100);
  });
});
