export default definePageConfig({ navigationBarTitleText: '送餐志愿者', enablePullDownRefresh: true, backgroundTextStyle: 'dark' });
