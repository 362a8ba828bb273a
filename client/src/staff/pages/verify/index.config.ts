export default definePageConfig({ navigationBarTitleText: '核定时长', enablePullDownRefresh: true, backgroundTextStyle: 'dark' });
