export default definePageConfig({ navigationBarTitleText: '关爱地图', enablePullDownRefresh: true, backgroundTextStyle: 'dark' });
