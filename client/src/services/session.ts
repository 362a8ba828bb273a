import Taro from '@tarojs/taro';
import type { TokenPair } from '@tongxin/shared';
import { STORAGE_KEYS } from './storage-keys';

function read(key: string): string | null {
  // Taro returns '' for a missing key on every platform.
  const value: unknown = Taro.getStorageSync(key);
  return typeof value === 'string' && value !== '' ? value : null;
}

/** The signed-in user's tokens, kept in Taro storage so they survive reloads and restarts. */
export const session = {
  accessToken: (): string | null => read(STORAGE_KEYS.accessToken),
  refreshToken: (): string | null => read(STORAGE_KEYS.refreshToken),
  isSignedIn: (): boolean => read(STORAGE_KEYS.accessToken) !== null,

  save(tokens: TokenPair): void {
    Taro.setStorageSync(STORAGE_KEYS.accessToken, tokens.accessToken);
    Taro.setStorageSync(STORAGE_KEYS.refreshToken, tokens.refreshToken);
  },

  clear(): void {
    Taro.removeStorageSync(STORAGE_KEYS.accessToken);
    Taro.removeStorageSync(STORAGE_KEYS.refreshToken);
  },
};
