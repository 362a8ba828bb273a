import Taro from '@tarojs/taro';
import { queryClient } from '@/services/query-client';
import { realtime } from '@/services/realtime';

export const ROUTES = {
  home: '/pages/index/index',
  login: '/pages/login/index',
  need: '/pages/need/index',
  me: '/pages/me/index',
  profile: '/pages/profile/index',
  schedule: '/pages/schedule/index',
  checkIn: '/pages/check-in/index',
  hours: '/pages/hours/index',
  notifications: '/pages/notifications/index',
  campaigns: '/pages/campaigns/index',
  campaign: '/pages/campaign/index',
  donations: '/pages/donations/index',
  staffNeeds: '/staff/pages/needs/index',
  staffPostNeed: '/staff/pages/post-need/index',
  staffNeed: '/staff/pages/need/index',
  staffCheckInCode: '/staff/pages/check-in-code/index',
  staffVerify: '/staff/pages/verify/index',
  staffCandidates: '/staff/pages/candidates/index',
  invitations: '/pages/invitations/index',
  careMap: '/pages/care-map/index',
  mealBooking: '/pages/meal-booking/index',
  operatorDay: '/operator/pages/day/index',
  operatorSettings: '/operator/pages/settings/index',
  operatorDeliveryVolunteers: '/operator/pages/delivery-volunteers/index',
  deliveryTasks: '/delivery/pages/tasks/index',
  organizerCampaigns: '/organizer/pages/campaigns/index',
  organizerCreate: '/organizer/pages/create/index',
  organizerDashboard: '/organizer/pages/dashboard/index',
  organizerReceipts: '/organizer/pages/receipts/index',
  ruralProjects: '/rural/pages/projects/index',
  ruralProject: '/rural/pages/project/index',
  adminDashboard: '/admin/pages/dashboard/index',
  givingReceipts: '/giving/pages/receipts/index',
  givingTeams: '/giving/pages/teams/index',
  givingTeam: '/giving/pages/team/index',
} as const;

/** A page path with its query string, e.g. `routeTo('need', { id })`. */
export function routeTo(page: keyof typeof ROUTES, query: Record<string, string> = {}): string {
  const pairs = Object.entries(query).map(([k, v]) => `${k}=${encodeURIComponent(v)}`);
  return pairs.length > 0 ? `${ROUTES[page]}?${pairs.join('&')}` : ROUTES[page];
}

/** Opens a page on top of the current one. */
export function openPage(page: keyof typeof ROUTES, query?: Record<string, string>): void {
  void Taro.navigateTo({ url: routeTo(page, query) });
}

/** Switches between the top-level sections (需求, 公益, 我的) without growing the page stack. */
export function switchSection(page: 'home' | 'campaigns' | 'me'): void {
  void Taro.reLaunch({ url: ROUTES[page] });
}

/** Forgets everything cached for the previous user: requests and the realtime connection. */
function forgetUser(): void {
  queryClient.clear();
  realtime.restart();
}

let leaving = false;

/** Replaces the current page with the login page; repeated calls while leaving are ignored. */
export function goToLogin(): void {
  if (leaving) return;
  leaving = true;
  forgetUser();
  void Taro.redirectTo({ url: ROUTES.login }).finally(() => {
    leaving = false;
  });
}

/** After signing in: a fresh page stack starting at the needs square. */
export function goHome(): void {
  forgetUser();
  void Taro.reLaunch({ url: ROUTES.home });
}
