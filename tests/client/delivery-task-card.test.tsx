import { fireEvent, render, screen, within } from '@testing-library/react';
import type { DeliveryTaskView } from '@tongxin/shared';
import { actionKey, DeliveryTaskCard } from '@/features/delivery-tasks/delivery-task-card';

const aTask = (overrides: Partial<DeliveryTaskView> = {}): DeliveryTaskView => ({
  id: 't1', pointId: 'p1', pointName: '幸福北社区长者食堂', pointAddress: '幸福北街 12 号', date: '2026-11-30', meal: 'lunch',
  windowStartsAt: '2026-11-30T02:00:00.000Z', windowEndsAt: '2026-11-30T06:00:00.000Z', status: 'offered', volunteerUserId: null,
  stops: [{ bookingId: 'b1', elderMaskedName: '王**', status: 'booked' }, { bookingId: 'b2', elderMaskedName: '刘*', status: 'delivered' }],
  ...overrides,
});

describe('DeliveryTaskCard (the volunteer\'s 送餐任务)', () => {
  it('offers take or decline while offered, and both wait while one answer is sent', () => {
    const onAction = jest.fn();
    const { rerender } = render(<DeliveryTaskCard task={aTask()} addresses={{}} onAction={onAction} />);
    expect(screen.getByText('幸福北社区长者食堂 · 午餐送餐')).toBeTruthy();
    expect(screen.getByText('11/30 10:00–14:00 · 2 份 · 到幸福北街 12 号取餐')).toBeTruthy();
    expect(screen.queryByText('王**')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '接单' }));
    expect(onAction).toHaveBeenLastCalledWith({ kind: 'accept', taskId: 't1' });
    fireEvent.click(screen.getByRole('button', { name: '婉拒' }));
    expect(onAction).toHaveBeenLastCalledWith({ kind: 'decline', taskId: 't1' });

    rerender(<DeliveryTaskCard task={aTask()} pending={actionKey({ kind: 'accept', taskId: 't1' })} addresses={{}} onAction={onAction} />);
    const accept = screen.getByRole('button', { name: '接单' }) as HTMLButtonElement;
    expect([accept.disabled, accept.getAttribute('aria-busy')]).toEqual([true, 'true']);
    expect((screen.getByRole('button', { name: '婉拒' }) as HTMLButtonElement).getAttribute('aria-busy')).toBe('false');
  });

  it('once taken, lists the stops with masked names; an open stop shows its address once opened and can be confirmed', () => {
    const onAction = jest.fn();
    const task = aTask({ status: 'claimed', volunteerUserId: 'v1' });
    const { container, rerender } = render(<DeliveryTaskCard task={task} addresses={{}} onAction={onAction} />);
    expect(screen.queryByRole('button', { name: '接单' })).toBeNull();
    const open = within(container.querySelector('[data-stop="b1"]') as HTMLElement);
    const done = within(container.querySelector('[data-stop="b2"]') as HTMLElement);
    expect(open.getByText('1. 王**')).toBeTruthy();
    expect(open.getByText('待送达')).toBeTruthy();
    expect(done.getByText('已送达')).toBeTruthy();
    expect(done.queryByRole('button')).toBeNull();
    fireEvent.click(open.getByRole('button', { name: '查看地址' }));
    expect(onAction).toHaveBeenLastCalledWith({ kind: 'address', bookingId: 'b1' });

    rerender(<DeliveryTaskCard task={task} addresses={{ b1: '幸福北街 8 号 3 单元 201' }} onAction={onAction} />);
    expect(screen.getByText('送餐地址：幸福北街 8 号 3 单元 201')).toBeTruthy();
    expect(screen.queryByRole('button', { name: '查看地址' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '已送达' }));
    expect(onAction).toHaveBeenLastCalledWith({ kind: 'delivered', bookingId: 'b1' });

    rerender(<DeliveryTaskCard task={aTask({ status: 'done' })} addresses={{}} onAction={onAction} />);
    expect(screen.getByRole('status').textContent).toBe('已结束');
    expect(screen.queryAllByRole('button')).toEqual([]);
  });
});
