import Taro, { usePullDownRefresh } from '@tarojs/taro';

/** Pull-down refresh of a page (enable it in the page config): runs `refresh`, then stops the spinner. */
export function usePullRefresh(refresh: () => Promise<unknown>): void {
  usePullDownRefresh(() => {
    void refresh().finally(() => Taro.stopPullDownRefresh());
  });
}
