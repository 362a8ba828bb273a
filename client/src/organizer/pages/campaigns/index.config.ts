export default definePageConfig({ navigationBarTitleText: '募捐管理', enablePullDownRefresh: true, backgroundTextStyle: 'dark' });
