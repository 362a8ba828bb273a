export default defineAppConfig({
  // The first page is the home page; it sends signed-out users to the login page.
  pages: ['pages/index/index', 'pages/login/index'],
  window: {
    backgroundTextStyle: 'light',
    backgroundColor: '#f6f7f9',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '同心',
    navigationBarTextStyle: 'black',
    // Also draws Taro's title bar on H5, so both targets show the page title.
    navigationStyle: 'default',
  },
});
