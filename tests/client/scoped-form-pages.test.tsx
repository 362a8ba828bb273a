import type { ComponentType } from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import taro from './support/taro-api';
import { STORAGE_KEYS } from '@/services/storage-keys';
import PostNeedPage from '@/staff/pages/post-need/index';
import CreateCampaignPage from '@/organizer/pages/create/index';

/**
 * The two forms whose owner comes from `/me` (staff's community, an organizer's organization):
 * while `/me` loads they say so, when it fails they show the error with a retry instead of a form
 * that can never be sent, and the retry brings the form.
 */
type Request = typeof taro.request;
const offline: Request = taro.request;

function answerMe(scopes: Record<string, string>): Request {
  return (async (options: { url: string }) => {
    if (options.url.endsWith('/me')) return { statusCode: 200, data: { id: 'u1', displayName: '测试', roles: [], scopes } };
    throw new Error(`unexpected request ${options.url}`);
  }) as unknown as Request;
}

function renderPage(Page: ComponentType) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(<QueryClientProvider client={client}><Page /></QueryClientProvider>);
}

beforeEach(() => taro.setStorageSync(STORAGE_KEYS.accessToken, 'a-token'));
afterEach(() => {
  taro.request = offline;
});

describe.each<{ page: string; Page: ComponentType; scopes: Record<string, string>; submit: string }>([
  { page: '发布需求', Page: PostNeedPage, scopes: { communityCode: '510104001001' }, submit: '发布' },
  { page: '发起募捐', Page: CreateCampaignPage, scopes: { organizationId: '64b7f0c2a1b2c3d4e5f60718' }, submit: '保存草稿' },
])('$page', ({ Page, scopes, submit }) => {
  it('shows loading, then the error with a retry when /me cannot be read, and the form once it can', async () => {
    renderPage(Page);
    expect(screen.getByText('正在加载…')).toBeTruthy();
    await screen.findByText('网络不太给力，请检查网络后重试');
    expect(screen.queryByRole('button', { name: submit })).toBeNull();

    taro.request = answerMe(scopes);
    fireEvent.click(screen.getByRole('button', { name: '重试' }));
    expect(await screen.findByRole('button', { name: submit })).toBeTruthy();
    expect(screen.queryByText('网络不太给力，请检查网络后重试')).toBeNull();
  });

  it('tells someone without the scope that the form is not for them', async () => {
    taro.request = answerMe({});
    renderPage(Page);
    expect(await screen.findByText(/^只有/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: submit })).toBeNull();
  });
});
