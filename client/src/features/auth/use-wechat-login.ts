import { useCallback, useState } from 'react';
import Taro from '@tarojs/taro';
import { asApiError, ApiError } from '@/services/api';
import { session } from '@/services/session';
import { loginWithWechat } from './auth.api';
import { goHome } from './navigation';

/** The mini-program sign-in: a `Taro.login` code traded for our tokens. */
export function useWechatLogin() {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const login = useCallback(async () => {
    if (pending) return;
    setPending(true);
    setError(null);
    try {
      const { code } = await Taro.login().catch(() => {
        throw new ApiError({ code: 'WECHAT_LOGIN_FAILED', title: '没能拿到微信授权，请稍后重试', status: 0 });
      });
      session.save(await loginWithWechat({ code }));
      goHome();
    } catch (thrown) {
      setError(asApiError(thrown).title);
      setPending(false);
    }
  }, [pending]);

  return { pending, error, login };
}
