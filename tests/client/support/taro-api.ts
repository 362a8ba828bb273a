/**
 * The few Taro APIs the tested components touch, for jsdom: storage in memory, toasts and modals
 * recorded, and `connectSocket` left for a test to provide. `useRouter` answers `router.params`; the
 * pull-down handler is kept so a test can pull (`pullDown.pull()`) and count the spinner's stops.
 */
const storage = new Map<string, unknown>();

export const toasts: Array<{ title: string }> = [];

/** The last page's pull-down handler and how often the page stopped the spinner. */
export const pullDown = {
  handler: undefined as (() => void) | undefined,
  stops: 0,
  pull(): void {
    if (!this.handler) throw new Error('the page registered no pull-down handler');
    this.handler();
  },
};

const Taro = {
  getStorageSync: (key: string) => storage.get(key) ?? '',
  setStorageSync: (key: string, value: unknown) => void storage.set(key, value),
  removeStorageSync: (key: string) => void storage.delete(key),
  showToast: async (options: { title: string }) => {
    toasts.push(options);
  },
  showModal: async () => ({ confirm: false, cancel: true }),
  stopPullDownRefresh: () => {
    pullDown.stops += 1;
  },
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
export const usePullDownRefresh = (handler: () => void) => {
  pullDown.handler = handler;
};
export const useReachBottom = () => undefined;
export const useDidShow = () => undefined;
/** The current page's query parameters; a test that renders a page set them (and clears them after). */
export const router = { params: {} as Record<string, string> };
export const useRouter = () => router;
