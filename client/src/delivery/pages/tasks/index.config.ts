export default definePageConfig({ navigationBarTitleText: '送餐任务', enablePullDownRefresh: true, backgroundTextStyle: 'dark' });
