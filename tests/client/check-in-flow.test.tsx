import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { AttendanceView } from '@tongxin/shared';
import { ApiError } from '@/services/api-error';
import { CheckInFlow } from '@/features/attendance/check-in-flow';
import type { AttendanceAction } from '@/features/attendance/attendance.api';

const VALID_CODE = '123456.abcdefghijklmnopQRST';

/** A server stand-in that keeps the attendance state the way the API does: in, then out. */
function attendanceServer() {
  const calls: Array<{ action: AttendanceAction; code: string }> = [];
  const record = async (action: AttendanceAction, code: string): Promise<AttendanceView> => {
    calls.push({ action, code });
    if (code !== VALID_CODE) throw new ApiError({ code: 'CHECK_IN_CODE_INVALID', title: '签到码无效或已过期，请重新扫码', status: 400 });
    return action === 'check-in'
      ? { enrollmentId: 'e', status: 'checked_in', checkInAt: '2026-12-01T01:00:00.000Z', flags: [] }
      : { enrollmentId: 'e', status: 'checked_out', checkInAt: '2026-12-01T01:00:00.000Z', checkOutAt: '2026-12-01T03:00:00.000Z', systemMinutes: 120, flags: [] };
  };
  return { calls, record };
}

describe('CheckInFlow', () => {
  it('on the web: a typed code checks in, then the same flow checks out and shows the minutes', async () => {
    const server = attendanceServer();
    render(<CheckInFlow record={server.record} />);
    fireEvent.change(screen.getByLabelText('签到码'), { target: { value: ` ${VALID_CODE} ` } });
    fireEvent.click(screen.getByRole('button', { name: '确认签到' }));
    await screen.findByText('签到成功');
    expect(screen.getByText('签到时间 2026/12/01 09:00')).toBeTruthy();

    fireEvent.change(screen.getByLabelText('签退码'), { target: { value: VALID_CODE } });
    fireEvent.click(screen.getByRole('button', { name: '确认签退' }));
    await screen.findByText('签退成功');
    expect(screen.getByText('本次服务 120 分钟，待社区核定')).toBeTruthy();
    expect(server.calls).toEqual([{ action: 'check-in', code: VALID_CODE }, { action: 'check-out', code: VALID_CODE }]);
    expect(screen.queryByRole('button', { name: /确认/ })).toBeNull();
  });

  it('refuses a malformed code with the shared schema message, without calling the server', () => {
    const server = attendanceServer();
    render(<CheckInFlow record={server.record} />);
    fireEvent.change(screen.getByLabelText('签到码'), { target: { value: 'hello' } });
    fireEvent.click(screen.getByRole('button', { name: '确认签到' }));
    expect(screen.getByRole('alert').textContent).toBe('签到码无效，请重新扫码');
    expect(server.calls).toEqual([]);
  });

  it("shows the server's Chinese answer when it refuses the code, and stays on check-in", async () => {
    const server = attendanceServer();
    render(<CheckInFlow record={server.record} />);
    fireEvent.change(screen.getByLabelText('签到码'), { target: { value: '123456.zzzzzzzzzzzzzzzzzzzz' } });
    fireEvent.click(screen.getByRole('button', { name: '确认签到' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('签到码无效或已过期，请重新扫码'));
    expect(screen.getByRole('button', { name: '确认签到' })).toBeTruthy();
  });

  it('in the mini-program: the scanned QR text is what gets sent', async () => {
    const server = attendanceServer();
    const scan = jest.fn(async () => VALID_CODE);
    render(<CheckInFlow record={server.record} scan={scan} />);
    expect(screen.queryByLabelText('签到码')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '扫码签到' }));
    await screen.findByText('签到成功');
    expect(scan).toHaveBeenCalledTimes(1);
    expect(server.calls).toEqual([{ action: 'check-in', code: VALID_CODE }]);
    expect(screen.getByRole('button', { name: '扫码签退' })).toBeTruthy();
  });
});
