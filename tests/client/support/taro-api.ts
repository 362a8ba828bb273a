/**
 * The few Taro APIs the tested components touch, for jsdom: storage in memory, toasts and modals
 * recorded, and `connectSocket` left for a test to provide. Hooks that only exist inside a Taro page
 * (pull-down refresh, router) do nothing here.
 */
const storage = new Map<string, unknown>();

export const toasts: Array<{ title: string }> = [];

const Taro = {
  getStorageSync: (key: string) => storage.get(key) ?? '',
  setStorageSync: (key: string, value: unknown) => void storage.set(key, value),
  removeStorageSync: (key: string) => void storage.delete(key),
  showToast: async (options: { title: string }) => {
    toasts.push(options);
  },
  showModal: async () => ({ confirm: false, cancel: true }),
  stopPullDownRefresh: () => undefined,
  navigateTo: async () => undefined,
  redirectTo: async () => undefined,
  reLaunch: async () => undefined,
  navigateBack: async () => undefined,
  request: async () => {
    throw new Error('no network in component tests');
  },
  /** Set by a test that drives a socket (see socket-weapp.test.ts). */
  connectSocket: (async () => {
    throw new Error('connectSocket not provided by this test');
  }) as (options: { url: string; protocols?: string[] }) => Promise<unknown>,
};

export default Taro;
export const usePullDownRefresh = () => undefined;
export const useReachBottom = () => undefined;
export const useDidShow = () => undefined;
export const useRouter = () => ({ params: {} });
