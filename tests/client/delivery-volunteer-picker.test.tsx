import { fireEvent, render, screen, within } from '@testing-library/react';
import type { CandidateView, DeliveryCandidatesView, DeliveryTaskView, MatchReasons } from '@tongxin/shared';
import { DeliveryTaskList } from '@/features/meal-operator/delivery-task-list';
import { DeliveryVolunteerPicker } from '@/features/meal-operator/delivery-volunteer-picker';
import { deliverySkillHint } from '@/features/volunteer/delivery-skill-hint';

const POINT = 'a'.repeat(24);
const reasons = (overrides: Partial<MatchReasons> = {}): MatchReasons => ({
  distanceKm: 0.2, matchedSkills: [{ code: 'delivery', label: '送餐' }], availability: ['周一上午'], sameCommunity: false, reliabilityPercent: 96, hoursThisWeek: 0, ...overrides,
});

const aTask = (overrides: Partial<DeliveryTaskView> = {}): DeliveryTaskView => ({
  id: `${POINT}_2026-11-30_lunch_2`, pointId: POINT, pointName: '幸福北社区长者食堂', pointAddress: '幸福北街 12 号', date: '2026-11-30', meal: 'lunch',
  // 10:00–14:00 in Shanghai.
  windowStartsAt: '2026-11-30T02:00:00.000Z', windowEndsAt: '2026-11-30T06:00:00.000Z', status: 'offered', volunteerUserId: null,
  stops: [{ bookingId: 'b1', elderMaskedName: '王**', status: 'booked' }, { bookingId: 'b2', elderMaskedName: '刘*', status: 'booked' }],
  ...overrides,
});

const candidates: CandidateView[] = [
  { volunteerId: 'v1', maskedName: '李**', score: 0.874, reasons: reasons({ sameCommunity: true }) },
  { volunteerId: 'v2', maskedName: '赵**', score: 0.61, reasons: reasons({ distanceKm: 1.44, availability: [], reliabilityPercent: 80 }) },
];

const aView = (overrides: Partial<DeliveryCandidatesView> = {}): DeliveryCandidatesView => ({ task: aTask(), radiusKm: 3, candidates, invitees: [], ...overrides });

describe('DeliveryVolunteerPicker', () => {
  it('shows the task and the ranked delivery volunteers with masked names and why each fits; a tap ticks one', () => {
    const onToggle = jest.fn();
    const { container } = render(<DeliveryVolunteerPicker view={aView()} selected={new Set()} onToggle={onToggle} onInvite={() => undefined} inviting={false} />);
    expect(screen.getByText('午餐送餐任务 2')).toBeTruthy();
    expect(screen.getByText('送餐时段 11/30 10:00–14:00 · 2 份 · 服务半径 3 公里')).toBeTruthy();
    expect(screen.getByText('推荐送餐志愿者（2 位）')).toBeTruthy();
    const boxes = screen.getAllByRole('checkbox');
    expect(boxes.map((b) => [b.getAttribute('data-candidate'), b.getAttribute('aria-checked'), b.getAttribute('aria-label')]))
      .toEqual([['v1', 'false', '李**，第 1 名'], ['v2', 'false', '赵**，第 2 名']]);
    const first = within(boxes[0]!);
    for (const phrase of ['距离 200 米', '技能匹配：送餐', 'TA有空：周一上午', '同社区', '出勤率 96%', '匹配度 87']) expect(first.getByText(phrase)).toBeTruthy();
    expect(within(boxes[1]!).getByText('距离 1.4 公里')).toBeTruthy();
    expect(container.textContent).not.toContain('已邀请');
    const invite = screen.getByRole('button', { name: '请先勾选要邀请的志愿者' }) as HTMLButtonElement;
    expect(invite.disabled).toBe(true);
    fireEvent.click(boxes[1]!);
    expect(onToggle).toHaveBeenCalledWith('v2');
  });

  it('invites the ticked volunteers with one tap, busy while sending, and says what was sent', () => {
    const onInvite = jest.fn();
    // A ticked id no longer on the list (invited meanwhile) is not counted.
    const { rerender } = render(<DeliveryVolunteerPicker view={aView()} selected={new Set(['v1', 'v2', 'gone'])} onToggle={() => undefined} onInvite={onInvite} inviting={false} />);
    expect(screen.getAllByRole('checkbox').map((b) => b.getAttribute('aria-checked'))).toEqual(['true', 'true']);
    fireEvent.click(screen.getByRole('button', { name: '邀请所选的 2 位志愿者' }));
    expect(onInvite).toHaveBeenCalledTimes(1);

    rerender(<DeliveryVolunteerPicker view={aView()} selected={new Set(['v1'])} onToggle={() => undefined} onInvite={onInvite} inviting />);
    const busy = screen.getByRole('button', { name: '邀请所选的 1 位志愿者' }) as HTMLButtonElement;
    expect([busy.disabled, busy.getAttribute('aria-busy')]).toEqual([true, 'true']);

    rerender(<DeliveryVolunteerPicker view={aView({ candidates: [] })} selected={new Set()} onToggle={() => undefined} onInvite={onInvite} inviting={false} sentNote='已邀请 2 位志愿者，对方接单后会显示全名' />);
    expect(screen.getByRole('status').textContent).toBe('已邀请 2 位志愿者，对方接单后会显示全名');
    expect(screen.getByText('附近暂时没有可邀请的送餐志愿者')).toBeTruthy();
  });

  it('lists who was invited and their answers; once taken, shows the taker by full name and offers no more invitations', () => {
    const view = aView({
      task: aTask({ status: 'claimed', volunteerUserId: 'v3' }),
      candidates: [],
      invitees: [
        { volunteerId: 'v3', name: '李红梅', status: 'accepted', invitedBy: 'operator', invitedAt: '2026-11-30T01:00:00.000Z' },
        { volunteerId: 'v4', name: '赵**', status: 'declined', invitedBy: 'operator', invitedAt: '2026-11-30T01:00:00.000Z' },
        { volunteerId: 'v5', name: '周*', status: 'missed', invitedBy: 'matching', invitedAt: '2026-11-30T01:30:00.000Z' },
      ],
    });
    const { container } = render(<DeliveryVolunteerPicker view={view} selected={new Set()} onToggle={() => undefined} onInvite={() => undefined} inviting={false} />);
    expect(screen.getByRole('status').textContent).toBe('已有志愿者接单，无需再邀请');
    expect(screen.queryByRole('button')).toBeNull();
    expect(screen.queryByText('附近暂时没有可邀请的送餐志愿者')).toBeNull();
    const rows = Array.from(container.querySelectorAll('[data-invitee]'), (r) => [r.getAttribute('data-status'), r.textContent]);
    expect(rows).toEqual([
      ['accepted', '李红梅 · 你邀请的已接单'],
      ['declined', '赵** · 你邀请的已婉拒'],
      ['missed', '周* · 系统推荐已由他人接单'],
    ]);
    expect(screen.getByText('已邀请（3 位）')).toBeTruthy();
  });
});

describe('DeliveryTaskList (the operator\'s day)', () => {
  it('shows each task of the meal with its count and status and opens its picker; before the cut-off it says when tasks come', () => {
    const onOpen = jest.fn();
    const tasks = [aTask({ id: `${POINT}_2026-11-30_lunch_1` }), aTask({ status: 'claimed' })];
    const { container, rerender } = render(<DeliveryTaskList tasks={tasks} deliveries={8} onOpen={onOpen} />);
    expect(Array.from(container.querySelectorAll('[data-delivery-task]'), (t) => t.textContent)).toEqual([
      '送餐任务 1 · 2 份待接单找送餐志愿者',
      '送餐任务 2 · 2 份已接单查看志愿者',
    ]);
    fireEvent.click(screen.getByRole('button', { name: '找送餐志愿者' }));
    expect(onOpen).toHaveBeenCalledWith(`${POINT}_2026-11-30_lunch_1`);

    rerender(<DeliveryTaskList tasks={[]} deliveries={3} onOpen={onOpen} />);
    expect(screen.getByText('送餐任务在预订截止后生成，届时可在这里找送餐志愿者')).toBeTruthy();
    rerender(<DeliveryTaskList tasks={[]} deliveries={3} failed onOpen={onOpen} />);
    expect(screen.getByText('送餐任务没有加载出来，下拉刷新再试')).toBeTruthy();
    rerender(<DeliveryTaskList tasks={[]} deliveries={0} onOpen={onOpen} />);
    expect(container.textContent).toBe('');
  });
});

describe('deliverySkillHint (我的 and the profile form)', () => {
  it('asks a volunteer who drives but has not chosen 送餐 to add it, and nobody else', () => {
    expect(deliverySkillHint(['driving', 'cooking'])).toContain('请在技能里加上「送餐」');
    expect(deliverySkillHint(['driving', 'delivery'])).toBeNull();
    expect(deliverySkillHint(['delivery'])).toBeNull();
    expect(deliverySkillHint([])).toBeNull();
  });
});
