import { act, render, screen, waitFor } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { CandidatesView, NeedView } from '@tongxin/shared';
import taro, { router } from './support/taro-api';
import { FakeSocket } from './support/fake-socket';
import { STORAGE_KEYS } from '@/services/storage-keys';
import { RealtimeClient } from '@/services/realtime';
import type { RealtimeSocket } from '@/services/socket';
import { RealtimeContext } from '@/features/realtime/use-realtime';
import CandidatesPage from '@/staff/pages/candidates/index';

/**
 * Staff's candidates page over a recorded API and a fake connection: after the connection comes
 * back, both the need (its places) and the candidates are read again, and the fetched places win
 * over a live update received before the drop.
 */
type Request = typeof taro.request;
const offline: Request = taro.request;
const NEED_ID = '64b7f0c2a1b2c3d4e5f60718';
const SHIFT_ID = '64b7f0c2a1b2c3d4e5f60719';

const needWith = (enrolled: number): NeedView => ({
  id: NEED_ID, title: '陪伴独居老人散步', description: '', category: 'elderly_visit', beneficiaryType: 'elderly_alone', communityCode: '510104001001',
  communityName: '幸福北社区', requiredSkills: [], status: 'open', createdAt: '2026-11-28T00:00:00.000Z',
  shifts: [{ id: SHIFT_ID, startsAt: '2099-12-01T01:00:00.000Z', endsAt: '2099-12-01T03:00:00.000Z', capacity: 10, enrolled, slotsLeft: 10 - enrolled }],
} as NeedView);
const NO_CANDIDATES: CandidatesView = { needId: NEED_ID, shiftId: SHIFT_ID, radiusKm: 5, items: [] };

/** Answers the need with the next of `enrolled` (the last repeated) and counts the reads of each. */
function recordedApi(enrolled: number[]): { need: number; candidates: number } {
  const reads = { need: 0, candidates: 0 };
  taro.request = (async (options: { url: string }) => {
    if (options.url.includes(`/needs/${NEED_ID}/candidates`)) {
      reads.candidates += 1;
      return { statusCode: 200, data: NO_CANDIDATES };
    }
    if (options.url.endsWith(`/needs/${NEED_ID}`)) {
      reads.need += 1;
      return { statusCode: 200, data: needWith(enrolled[Math.min(reads.need - 1, enrolled.length - 1)]!) };
    }
    throw new Error(`unexpected request ${options.url}`);
  }) as unknown as Request;
  return reads;
}

beforeEach(() => {
  taro.setStorageSync(STORAGE_KEYS.accessToken, 'a-token');
  router.params = { needId: NEED_ID, shiftId: SHIFT_ID };
});
afterEach(() => {
  taro.request = offline;
  router.params = {};
});

describe('staff candidates page', () => {
  it('when the connection comes back, then the need and the candidates are fetched again and the fetched places are shown', async () => {
    const reads = recordedApi([2, 5]);
    const socket = new FakeSocket();
    const realtime = new RealtimeClient(() => socket as unknown as RealtimeSocket);
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    render(<QueryClientProvider client={client}><RealtimeContext.Provider value={realtime}><CandidatesPage /></RealtimeContext.Provider></QueryClientProvider>);
    const enrolled = async (text: string) => waitFor(() => expect(document.querySelector('[data-enrolled]')?.textContent).toBe(text));
    await enrolled('已报名 2/10');
    await screen.findByText('附近暂时没有合适的志愿者');
    act(() => socket.deliver('connect'));
    expect(socket.emitted).toContainEqual({ event: 'need:watch', payload: { needId: NEED_ID } });
    act(() => socket.deliver('need:slots', { needId: NEED_ID, shiftId: SHIFT_ID, capacity: 10, enrolled: 3, slotsLeft: 7, seq: 4 }));
    await enrolled('已报名 3/10');
    expect(reads).toEqual({ need: 1, candidates: 1 });

    act(() => socket.deliver('disconnect'));
    act(() => socket.deliver('connect'));
    await waitFor(() => expect(reads).toEqual({ need: 2, candidates: 2 }));
    // Two sign-ups happened while offline: the refetched need says 5, and the older live 3 gives way.
    await enrolled('已报名 5/10');
  });
});
