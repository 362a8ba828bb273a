export default definePageConfig({ navigationBarTitleText: '发起募捐项目' });
