import Taro from '@tarojs/taro';

export const ROUTES = {
  home: '/pages/index/index',
  login: '/pages/login/index',
} as const;

let leaving = false;

/** Replaces the current page with the login page; repeated calls while leaving are ignored. */
export function goToLogin(): void {
  if (leaving) return;
  leaving = true;
  void Taro.redirectTo({ url: ROUTES.login }).finally(() => {
    leaving = false;
  });
}

/** After signing in: a fresh page stack starting at the needs square. */
export function goHome(): void {
  void Taro.reLaunch({ url: ROUTES.home });
}
