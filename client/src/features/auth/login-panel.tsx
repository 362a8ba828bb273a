import { Button, Input, Text, View } from '@tarojs/components';
import { useSmsLogin } from './use-sms-login';
import './login-panel.css';

/** Sign-in on the web: phone number and SMS code. The mini-program variant is `login-panel.weapp.tsx`. */
export function LoginPanel() {
  const form = useSmsLogin();
  const sendLabel = form.resendIn > 0 ? `${form.resendIn} 秒后重发` : form.sending ? '发送中…' : '获取验证码';
  const waiting = form.sending || form.resendIn > 0;

  return (
    <View className='login-panel'>
      <View className={`login-field${form.errors.phone ? ' login-field--invalid' : ''}`}>
        <Input
          className='login-field__input'
          type='text'
          placeholder='手机号'
          maxlength={20}
          value={form.phone}
          onInput={(e) => form.setPhone(e.detail.value)}
          onBlur={() => form.validate('phone')}
          nativeProps={{ name: 'phone', inputmode: 'numeric', autocomplete: 'tel', 'aria-label': '手机号' }}
        />
      </View>
      <Text className='login-field__error' data-field='phone'>{form.errors.phone ?? ''}</Text>

      <View className={`login-field${form.errors.code ? ' login-field--invalid' : ''}`}>
        <Input
          className='login-field__input'
          type='text'
          placeholder='6 位验证码'
          maxlength={12}
          value={form.code}
          onInput={(e) => form.setCode(e.detail.value)}
          onBlur={() => form.validate('code')}
          onConfirm={() => void form.submit()}
          nativeProps={{ name: 'code', inputmode: 'numeric', autocomplete: 'one-time-code', 'aria-label': '验证码' }}
        />
        <Button
          className={`login-field__send${waiting ? ' login-field__send--waiting' : ''}`}
          // Taro's H5 button styles match the disabled attribute even when it is "false", so omit it.
          disabled={waiting || undefined}
          onClick={() => void form.sendCode()}
        >
          {sendLabel}
        </Button>
      </View>
      <Text className='login-field__error' data-field='code'>{form.errors.code ?? ''}</Text>

      {form.formError ? <View className='login-panel__error'>{form.formError}</View> : null}

      <Button
        className={`login-panel__submit${form.submitting ? ' login-panel__submit--busy' : ''}`}
        loading={form.submitting}
        disabled={form.submitting || undefined}
        onClick={() => void form.submit()}
      >
        登录
      </Button>
      <Text className='login-panel__note'>未注册的手机号验证后将自动创建账号</Text>
    </View>
  );
}
