export default definePageConfig({ navigationBarTitleText: '服务邀请', enablePullDownRefresh: true, backgroundTextStyle: 'dark' });
