import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { FlaggedAttendanceView } from '@tongxin/shared';
import taro, { pullDown, toasts } from './support/taro-api';
import { STORAGE_KEYS } from '@/services/storage-keys';
import VerifyPage from '@/staff/pages/verify/index';

/**
 * Staff's verify page against a recorded API: the flagged record shows its flags and system minutes,
 * bad minutes are refused inline before any request, good minutes are posted and the list is read
 * again, "标记已复核" posts the review, and pulling down refetches and stops the spinner.
 */
type Request = typeof taro.request;
const offline: Request = taro.request;

const flagged = (id: string, systemMinutes: number): FlaggedAttendanceView => ({
  enrollmentId: id,
  userId: 'u1',
  needId: 'n1',
  shiftStartsAt: '2026-11-28T01:00:00.000Z',
  shiftEndsAt: '2026-11-28T03:00:00.000Z',
  status: 'checked_out',
  checkInAt: '2026-11-28T00:58:00.000Z',
  checkOutAt: '2026-11-28T06:00:00.000Z',
  checkInMethod: 'qr',
  systemMinutes,
  flags: [{ code: 'beyond_shift', label: '签退远晚于班次结束' }],
});

interface Call { method: string; url: string; data: unknown }

/** Answers the flagged list from `lists` (one per read, the last repeated) and records every call. */
function recordedApi(lists: FlaggedAttendanceView[][]): Call[] {
  const calls: Call[] = [];
  let reads = 0;
  taro.request = (async (options: { url: string; method: string; data?: unknown }) => {
    calls.push({ method: options.method, url: options.url, data: options.data });
    if (options.url.endsWith('/attendance/flagged')) {
      const items = lists[Math.min(reads, lists.length - 1)];
      reads += 1;
      return { statusCode: 200, data: { items } };
    }
    if (/\/enrollments\/[^/]+\/(verify|attendance-review)$/.test(options.url)) return { statusCode: 200, data: {} };
    throw new Error(`unexpected request ${options.url}`);
  }) as unknown as Request;
  return calls;
}

const reads = (calls: Call[]) => calls.filter((c) => c.url.endsWith('/attendance/flagged')).length;

function renderPage() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(<QueryClientProvider client={client}><VerifyPage /></QueryClientProvider>);
}

beforeEach(() => {
  taro.setStorageSync(STORAGE_KEYS.accessToken, 'a-token');
  toasts.length = 0;
  pullDown.stops = 0;
});
afterEach(() => {
  taro.request = offline;
});

describe('staff verify hours page', () => {
  it('shows the flagged record, refuses bad minutes inline, posts the verified minutes and shows the record as verified', async () => {
    // As the server does, the verified record stays listed until someone marks it reviewed.
    const calls = recordedApi([[flagged('e1', 302)], [{ ...flagged('e1', 302), status: 'verified', verifiedMinutes: 120 }]]);
    renderPage();
    expect(await screen.findByText('签退远晚于班次结束')).toBeTruthy();
    const minutes = screen.getByLabelText('核定时长（分钟）') as HTMLInputElement;
    expect(minutes.value).toBe('302');

    fireEvent.change(minutes, { target: { value: '800' } });
    fireEvent.click(screen.getByRole('button', { name: '核定' }));
    expect((await screen.findByRole('alert')).textContent).toBe('单次服务不能超过 12 小时');
    expect(calls.some((c) => c.url.endsWith('/verify'))).toBe(false);

    fireEvent.change(minutes, { target: { value: '120' } });
    fireEvent.click(screen.getByRole('button', { name: '核定' }));
    expect(await screen.findByText('已核定 120 分钟（系统记录 302）')).toBeTruthy();
    // Hours are final once verified: no second 核定, only the review is left.
    expect(screen.queryByRole('button', { name: '核定' })).toBeNull();
    expect(screen.queryByLabelText('核定时长（分钟）')).toBeNull();
    expect(screen.getByRole('button', { name: '标记已复核' })).toBeTruthy();
    const verify = calls.filter((c) => c.url.endsWith('/enrollments/e1/verify'));
    expect(verify).toEqual([expect.objectContaining({ method: 'POST', data: { minutes: 120 } })]);
    expect(toasts.map((t) => t.title)).toContain('已核定');
    expect(reads(calls)).toBe(2);
  });

  it('offers no 核定 while the volunteer has not checked out (the server would refuse it), only the review', async () => {
    const calls = recordedApi([[{ ...flagged('e5', 0), status: 'checked_in', checkOutAt: undefined, systemMinutes: undefined }]]);
    renderPage();
    expect(await screen.findByText('志愿者签退后可核定时长')).toBeTruthy();
    expect(screen.getByText(/未签退/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: '核定' })).toBeNull();
    expect(screen.queryByLabelText('核定时长（分钟）')).toBeNull();
    expect(screen.getByRole('button', { name: '标记已复核' })).toBeTruthy();
    expect(calls.some((c) => c.url.endsWith('/verify'))).toBe(false);
  });

  it('marks a record reviewed and reads the list again', async () => {
    const calls = recordedApi([[flagged('e1', 302), flagged('e2', 60)], [flagged('e2', 60)]]);
    renderPage();
    const card = (await screen.findAllByText('签退远晚于班次结束'))[0]!.closest('[data-enrollment-id]') as HTMLElement;
    expect(card.dataset.enrollmentId).toBe('e1');
    fireEvent.click(within(card).getByRole('button', { name: '标记已复核' }));
    await waitFor(() => expect(screen.getAllByText('签退远晚于班次结束')).toHaveLength(1));
    expect(calls.filter((c) => c.url.includes('/attendance-review')).map((c) => c.url)).toEqual([expect.stringMatching(/\/enrollments\/e1\/attendance-review$/)]);
  });

  it('refetches on pull-down and stops the spinner once the answer is in', async () => {
    const calls = recordedApi([[], [flagged('e3', 45)]]);
    renderPage();
    expect(await screen.findByText('没有需要复核的记录')).toBeTruthy();
    expect(pullDown.stops).toBe(0);

    pullDown.pull();
    expect(await screen.findByText('签退远晚于班次结束')).toBeTruthy();
    expect(reads(calls)).toBe(2);
    await waitFor(() => expect(pullDown.stops).toBe(1));
  });

  it('stops the spinner even when the refetch fails', async () => {
    recordedApi([[flagged('e4', 30)]]);
    renderPage();
    expect(await screen.findByText('签退远晚于班次结束')).toBeTruthy();
    taro.request = offline;
    pullDown.pull();
    await waitFor(() => expect(pullDown.stops).toBe(1));
  });
});
