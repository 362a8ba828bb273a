/**
 * Pages of the main package: what volunteers and donors use. Staff, operator, organizer and admin
 * pages go into sub-packages (one `subPackages` entry per audience) so the mini-program's main
 * package stays under WeChat's 2 MB.
 */
const MAIN_PAGES = [
  // The first page is the home page; it sends signed-out users to the login page.
  'pages/index/index',
  'pages/login/index',
  'pages/need/index',
  'pages/me/index',
  'pages/profile/index',
  'pages/schedule/index',
  'pages/check-in/index',
  'pages/hours/index',
  'pages/notifications/index',
  'pages/campaigns/index',
  'pages/campaign/index',
  'pages/donations/index',
  'pages/invitations/index',
  'pages/care-map/index',
  'pages/meal-booking/index',
  'pages/elder-new/index',
];

const SUB_PACKAGES = [
  { root: 'staff', pages: ['pages/needs/index', 'pages/post-need/index', 'pages/need/index', 'pages/check-in-code/index', 'pages/verify/index', 'pages/candidates/index'] },
  { root: 'operator', pages: ['pages/day/index', 'pages/settings/index', 'pages/delivery-volunteers/index'] },
  { root: 'organizer', pages: ['pages/campaigns/index', 'pages/create/index', 'pages/dashboard/index', 'pages/receipts/index'] },
  // 乡村振兴: donors and volunteers browse projects, their needs and campaigns (a sub-package keeps the main package small).
  { root: 'rural', pages: ['pages/projects/index', 'pages/project/index'] },
  // Donors' receipt requests and teams (一起捐): not on the first screens, so outside the main package.
  { root: 'giving', pages: ['pages/receipts/index', 'pages/teams/index', 'pages/team/index'] },
  // Volunteers' meal delivery tasks (送餐): reached from 我的 and the offer notices, not from the first screens.
  { root: 'delivery', pages: ['pages/tasks/index'] },
  // The civil-affairs dashboard: charts (ECharts on H5) load only with this package.
  { root: 'admin', pages: ['pages/dashboard/index'] },
];

export default defineAppConfig({
  pages: MAIN_PAGES,
  subPackages: SUB_PACKAGES,
  window: {
    backgroundTextStyle: 'light',
    backgroundColor: '#f6f7f9',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '同心',
    navigationBarTextStyle: 'black',
    // Also draws Taro's title bar on H5, so both targets show the page title.
    navigationStyle: 'default',
  },
  // H5: no sliding page transition. Pages appear at once, so a tap right after navigating lands where
  // the user sees the page (and browser tests do not catch a page mid-slide).
  animation: false,
  // The mini-program asks before its first scan or location use.
  permission: { 'scope.userLocation': { desc: '用于按位置签到和推荐附近的服务' } },
  requiredPrivateInfos: ['getLocation'],
});
