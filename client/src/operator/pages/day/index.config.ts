export default definePageConfig({ navigationBarTitleText: '助餐点工作台', enablePullDownRefresh: true, backgroundTextStyle: 'dark' });
