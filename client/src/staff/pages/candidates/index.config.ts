export default definePageConfig({
  navigationBarTitleText: '推荐志愿者',
  enablePullDownRefresh: true,
});
