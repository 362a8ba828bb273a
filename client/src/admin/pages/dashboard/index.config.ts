export default definePageConfig({ navigationBarTitleText: '民政数据看板', enablePullDownRefresh: true, backgroundTextStyle: 'dark' });
