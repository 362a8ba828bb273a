import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { Button } from '@tarojs/components';
import type { SubscriptionsView } from '@tongxin/shared';
import taro from './support/taro-api';
import { STORAGE_KEYS } from '@/services/storage-keys';
import { useSignUp } from '@/features/needs/use-sign-up';
import { subscriptionsKey } from '@/features/notifications/subscriptions.api';

/**
 * Subscribe-message consent as the mini-program asks it: inside the sign-up tap (WeChat shows the
 * prompt only there), for the reminder templates with no opt-in left, the answer reported to the
 * server, and after a "no" not again for a week. The mini-program's module stands in for the web one.
 */
jest.mock('@/features/notifications/subscribe-message', () => jest.requireActual('@/features/notifications/subscribe-message.weapp'));

type Call = { url: string; method?: string; data?: unknown };
const calls: Call[] = [];
let prompt: jest.Mock;
let answer: 'accept' | 'reject';

const view = (remaining: number): SubscriptionsView => ({
  templates: [
    { kind: 'shift-reminder', templateId: 'T-remind', longTerm: false, remaining },
    { kind: 'shift-moved', templateId: 'T-moved', longTerm: false, remaining },
    { kind: 'enrollment-promoted', templateId: 'T-promoted', longTerm: false, remaining },
  ],
});

function server(remaining: number) {
  return async (options: Call) => {
    calls.push(options);
    if (options.url.endsWith('/me/subscriptions') && options.method === 'GET') return { statusCode: 200, data: view(remaining) };
    if (options.url.endsWith('/me/subscriptions')) return { statusCode: 200, data: view(remaining + 1) };
    if (options.url.endsWith('/enrollments')) return { statusCode: 201, data: { id: 'e1' } };
    throw new Error(`unexpected request ${options.url}`);
  };
}

function SignUpButton() {
  const signUp = useSignUp();
  return <Button onClick={() => void signUp.signUp('n1', 's1')}>报名</Button>;
}

async function renderReady(remaining: number) {
  Object.assign(taro, { request: server(remaining) });
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(<QueryClientProvider client={client}><SignUpButton /></QueryClientProvider>);
  // The templates are fetched ahead of the tap.
  await waitFor(() => expect(client.getQueryData(subscriptionsKey)).toBeDefined());
}

const reports = () => calls.filter((c) => c.url.endsWith('/me/subscriptions') && c.method === 'POST');
const signUps = () => calls.filter((c) => c.url.endsWith('/enrollments'));

beforeEach(() => {
  calls.length = 0;
  taro.setStorageSync(STORAGE_KEYS.accessToken, 'a-token');
  taro.removeStorageSync('tongxin.subscribeRejectedAt');
  answer = 'accept';
  prompt = jest.fn(async ({ tmplIds }: { tmplIds: string[] }) => calls.push({ url: 'wx.requestSubscribeMessage' }) && Object.fromEntries([['errMsg', 'requestSubscribeMessage:ok'], ...tmplIds.map((id) => [id, answer])]));
  Object.assign(taro, { requestSubscribeMessage: prompt });
});

describe('reminder consent on sign-up (mini-program)', () => {
  it('prompts inside the tap, before the sign-up request, for the templates with no opt-in left, and reports the answer', async () => {
    await renderReady(0);
    fireEvent.click(screen.getByRole('button', { name: '报名' }));
    // Synchronously in the tap handler: WeChat refuses the prompt after an await.
    expect(prompt).toHaveBeenCalledTimes(1);
    expect(calls.map((c) => c.url).filter((u) => !u.endsWith('/me/subscriptions'))).toEqual(['wx.requestSubscribeMessage', '/api/v1/needs/n1/shifts/s1/enrollments']);
    expect(prompt.mock.calls[0][0].tmplIds).toEqual(['T-remind', 'T-moved', 'T-promoted']);
    await waitFor(() => expect(reports()).toHaveLength(1));
    expect(reports()[0]!.data).toMatchObject({ results: { 'T-remind': 'accept', 'T-moved': 'accept', 'T-promoted': 'accept' } });
    await waitFor(() => expect(signUps()).toHaveLength(1));
  });

  it('does not prompt when opt-ins are left, and signs up all the same', async () => {
    await renderReady(1);
    fireEvent.click(screen.getByRole('button', { name: '报名' }));
    await waitFor(() => expect(signUps()).toHaveLength(1));
    expect(prompt).not.toHaveBeenCalled();
  });

  it('after a refusal, does not ask again within the week', async () => {
    answer = 'reject';
    await renderReady(0);
    fireEvent.click(screen.getByRole('button', { name: '报名' }));
    await waitFor(() => expect(reports()).toHaveLength(1));
    expect(reports()[0]!.data).toMatchObject({ results: { 'T-remind': 'reject' } });
    await waitFor(() => expect(signUps()).toHaveLength(1));

    fireEvent.click(screen.getByRole('button', { name: '报名' }));
    await waitFor(() => expect(signUps()).toHaveLength(2));
    expect(prompt).toHaveBeenCalledTimes(1);
  });
});
