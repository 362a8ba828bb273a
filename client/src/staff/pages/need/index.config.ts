export default definePageConfig({ navigationBarTitleText: '报名情况', enablePullDownRefresh: true, backgroundTextStyle: 'dark' });
