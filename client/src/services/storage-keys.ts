/**
 * Keys under which the session lives in Taro storage (localStorage on H5, wx storage in the
 * mini-program). Import-free on purpose: the H5 end-to-end test reads them too.
 */
export const STORAGE_KEYS = {
  accessToken: 'tongxin.accessToken',
  refreshToken: 'tongxin.refreshToken',
} as const;
