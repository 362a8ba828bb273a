import { Button, Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { useQuery } from '@tanstack/react-query';
import { ROLE_LABELS } from '@tongxin/shared';
import { QueryState } from '@/components/query-state';
import { SectionNav } from '@/components/section-nav';
import { session } from '@/services/session';
import { api } from '@/services/api';
import { goToLogin, openPage, type ROUTES } from '@/features/auth/navigation';
import { useRequireSession } from '@/features/auth/use-require-session';
import { useUnreadCount } from '@/features/notifications/use-unread';
import { deliverySkillHint } from '@/features/volunteer/delivery-skill-hint';
import { fetchMe, fetchProfile, meKey, profileKey } from '@/features/volunteer/volunteer.api';
import { usePullRefresh } from '@/hooks/use-pull-refresh';
import '@/components/ui.css';

function Link({ to, label, extra }: { to: keyof typeof ROUTES; label: string; extra?: React.ReactNode }) {
  return (
    <View className='ui-row ui-link' role='link' data-link={to} onClick={() => openPage(to)}>
      <Text>{label}</Text>
      <View>{extra}<Text className='ui-muted' style={{ display: 'inline' }}> ›</Text></View>
    </View>
  );
}

async function signOut() {
  const refreshToken = session.refreshToken();
  if (refreshToken) await api.post('/auth/logout', { refreshToken }, { auth: false }).catch(() => undefined);
  session.clear();
  goToLogin();
}

export default function MePage() {
  const signedIn = useRequireSession();
  const me = useQuery({ queryKey: meKey, queryFn: fetchMe, enabled: signedIn });
  const isVolunteer = me.data?.roles.includes('volunteer') ?? false;
  const profile = useQuery({ queryKey: profileKey, queryFn: fetchProfile, enabled: signedIn && isVolunteer });
  const unread = useUnreadCount(signedIn);
  // refetch() ignores `enabled`: the profile only for volunteers.
  usePullRefresh(() => Promise.all([me.refetch(), isVolunteer ? profile.refetch() : null]));
  useDidShow(() => void (isVolunteer && profile.refetch()));
  if (!signedIn) return null;
  const percent = profile.data?.completeness.percent ?? 0;
  const deliveryHint = profile.data ? deliverySkillHint(profile.data.skills) : null;
  return (
    <View className='ui-page'>
      <QueryState query={me} loading='正在加载…'>
        {(user) => (
          <>
            <View className='ui-card'>
              <Text className='ui-title'>{user.displayName}</Text>
              <Text className='ui-muted'>{user.roles.map((r) => ROLE_LABELS[r]).join(' · ')}{user.phone ? ` · ${user.phone}` : ''}</Text>
            </View>
            {isVolunteer ? (
              <View className='ui-card' data-profile-percent={percent}>
                <Text className='ui-subtitle'>志愿者资料 {profile.isSuccess ? `${percent}%` : ''}</Text>
                {percent < 100 ? <Text className='ui-muted'>完善实名、技能和空闲时间后就能报名服务</Text> : <Text className='ui-muted'>资料已完善</Text>}
                {deliveryHint ? <Text className='ui-muted' data-hint='delivery-skill'>{deliveryHint}</Text> : null}
                <Button className={`ui-btn ui-btn--block${percent < 100 ? '' : ' ui-btn--plain'}`} data-link='profile' onClick={() => openPage('profile')}>
                  {percent < 100 ? '完善资料' : '修改资料'}
                </Button>
              </View>
            ) : null}
            <View className='ui-card'>
              {isVolunteer ? <Link to='schedule' label='我的日程' /> : null}
              {isVolunteer ? <Link to='invitations' label='服务邀请' /> : null}
              {isVolunteer ? <Link to='deliveryTasks' label='送餐任务' /> : null}
              {isVolunteer ? <Link to='hours' label='服务时长与星级' /> : null}
              <Link to='notifications' label='消息通知' extra={unread > 0 ? <Text className='ui-badge' data-unread-badge>{unread}</Text> : null} />
              <Link to='donations' label='我的捐赠' />
              <Link to='careMap' label='关爱地图（助餐点、服务站）' />
              {user.roles.includes('community_staff') ? <Link to='staffNeeds' label='社区工作台' /> : null}
              {user.roles.includes('meal_point_operator') ? <Link to='operatorDay' label='助餐点工作台' /> : null}
              {user.roles.includes('org_admin') ? <Link to='organizerCampaigns' label='募捐管理' /> : null}
              {user.roles.includes('district_admin') || user.roles.includes('city_admin') ? <Link to='adminDashboard' label='民政统计看板' /> : null}
            </View>
            <View style={{ padding: '0 24px' }}>
              <Button className='ui-btn ui-btn--plain ui-btn--block' onClick={() => void signOut()}>退出登录</Button>
            </View>
          </>
        )}
      </QueryState>
      <SectionNav current='me' badge={unread} />
    </View>
  );
}
