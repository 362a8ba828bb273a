export default definePageConfig({ navigationBarTitleText: '捐赠票据申请', enablePullDownRefresh: true, backgroundTextStyle: 'dark' });
