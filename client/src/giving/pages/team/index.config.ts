export default definePageConfig({ navigationBarTitleText: '爱心队伍', enablePullDownRefresh: true, backgroundTextStyle: 'dark', enableShareAppMessage: true });
