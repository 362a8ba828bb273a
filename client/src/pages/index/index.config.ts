export default definePageConfig({
  navigationBarTitleText: '需求广场',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
});
