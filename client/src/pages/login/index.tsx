import { Text, View } from '@tarojs/components';
import { LoginPanel } from '@/features/auth/login-panel';
import './index.css';

export default function LoginPage() {
  return (
    <View className='login-page'>
      <View className='login-page__brand'>
        <View className='login-page__logo'>
          <Text className='login-page__logo-text'>同心</Text>
        </View>
        <Text className='login-page__title'>欢迎来到同心</Text>
        <Text className='login-page__subtitle'>成都社区志愿服务平台，一起让身边更温暖</Text>
      </View>
      <LoginPanel />
    </View>
  );
}
