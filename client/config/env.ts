/**
 * Checks the build-time env the client reads (`TARO_APP_*` only, injected by Taro from the
 * `.env*` files, where a variable of the same name in the shell wins).
 *
 * H5 always calls its own origin, so it needs nothing. The mini-program needs an absolute API
 * base: https in production (WeChat only allows https/wss legal domains), http allowed in
 * development for the DevTools with domain checks off.
 */
export function checkBuildEnv(platform: string, mode: string): void {
  if (platform !== 'weapp') return;
  const base = process.env.TARO_APP_API_BASE ?? '';
  if (base === '') {
    console.warn(
      '\n[tongxin] TARO_APP_API_BASE is not set: the mini-program build will show a "server not configured" error.\n' +
        '          Set it in client/.env.<mode>.local or the shell, e.g. TARO_APP_API_BASE=https://api.example.cn\n'
    );
    return;
  }
  const allowed = mode === 'development' ? /^https?:\/\/[^/]+$/ : /^https:\/\/[^/]+$/;
  if (!allowed.test(base)) {
    throw new Error(
      `TARO_APP_API_BASE must be an origin like https://api.example.cn (no path, no trailing slash${
        mode === 'development' ? '' : ', https only in production'
      }); got "${base}"`
    );
  }
}
