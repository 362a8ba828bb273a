export default definePageConfig({ navigationBarTitleText: '捐赠票据', enablePullDownRefresh: true, backgroundTextStyle: 'dark' });
