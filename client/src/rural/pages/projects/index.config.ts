export default definePageConfig({ navigationBarTitleText: '乡村振兴', enablePullDownRefresh: true, backgroundTextStyle: 'dark' });
