import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useWechatLogin } from './use-wechat-login';
import './login-panel.css';

/** Sign-in in the mini-program: one tap, with the WeChat login code. */
export function LoginPanel() {
  const { pending, error, login } = useWechatLogin();
  // After a redirect WeChat offers a home button, which would only bounce back here.
  useDidShow(() => void Taro.hideHomeButton().catch(() => undefined));
  return (
    <View className='login-panel'>
      {error ? <View className='login-panel__error'>{error}</View> : null}
      <Button
        className={`login-panel__submit${pending ? ' login-panel__submit--busy' : ''}`}
        loading={pending}
        disabled={pending || undefined}
        onClick={() => void login()}
      >
        微信一键登录
      </Button>
      <Text className='login-panel__note'>首次登录将自动创建志愿者账号</Text>
    </View>
  );
}
