import { Button, Input, Slider, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useQuery } from '@tanstack/react-query';
import { SKILLS } from '@tongxin/shared';
import { Field } from '@/components/field';
import { StateView } from '@/components/state-view';
import { asApiError } from '@/services/api';
import { goToLogin } from '@/features/auth/navigation';
import { useRequireSession } from '@/features/auth/use-require-session';
import { RegionPicker } from '@/features/regions/region-picker';
import { AvailabilityGrid } from '@/features/volunteer/availability-grid';
import { HomeMapPicker } from '@/features/volunteer/home-map-picker';
import { deliverySkillHint } from '@/features/volunteer/delivery-skill-hint';
import { useProfileForm } from '@/features/volunteer/use-profile-form';
import { fetchProfile, profileKey } from '@/features/volunteer/volunteer.api';
import type { VolunteerProfileView } from '@tongxin/shared';
import '@/components/ui.css';

function ProfileForm({ view }: { view: VolunteerProfileView | undefined }) {
  const form = useProfileForm(view, () => {
    void Taro.showToast({ title: '资料已保存', icon: 'success' });
    setTimeout(() => void Taro.navigateBack().catch(() => Taro.reLaunch({ url: '/pages/me/index' })), 600);
  });
  const { draft, errors } = form;
  const deliveryHint = deliverySkillHint(draft.skills);
  const toggleSkill = (code: (typeof SKILLS)[number]['code']) =>
    form.edit('skills', draft.skills.includes(code) ? draft.skills.filter((s) => s !== code) : [...draft.skills, code]);

  return (
    <View className='profile-form'>
      {view ? <Text className='ui-muted' style={{ margin: '24px 32px 0' }}>资料完整度 {view.completeness.percent}%</Text> : null}
      <View className='ui-card'>
        <Text className='ui-subtitle'>实名信息</Text>
        <Field label='姓名' name='realName' error={errors.realName}>
          <Input
            className={`ui-input${errors.realName ? ' ui-input--invalid' : ''}`}
            value={draft.realName}
            placeholder='与身份证一致'
            maxlength={20}
            onInput={(e) => form.edit('realName', e.detail.value)}
            onBlur={() => form.check('realName')}
            nativeProps={{ name: 'realName', 'aria-label': '姓名', autocomplete: 'name' }}
          />
        </Field>
        <Field label='身份证号码' name='residentId' error={errors.residentId}>
          {view?.residentIdMasked ? <Text className='ui-muted'>已保存：{view.residentIdMasked}，保存修改时请再填写一次</Text> : null}
          <Input
            className={`ui-input${errors.residentId ? ' ui-input--invalid' : ''}`}
            value={draft.residentId}
            type='idcard'
            placeholder='18 位身份证号码'
            maxlength={18}
            onInput={(e) => form.edit('residentId', e.detail.value)}
            onBlur={() => form.check('residentId')}
            nativeProps={{ name: 'residentId', 'aria-label': '身份证号码', autocomplete: 'off' }}
          />
        </Field>
        <Text className='ui-muted'>身份证号码加密保存，仅用于实名认证和保险。</Text>
      </View>

      <View className='ui-card'>
        <Text className='ui-subtitle'>技能</Text>
        <Field label='选择你擅长的（可多选）' name='skills' error={errors.skills}>
          <View className='ui-chips'>
            {SKILLS.map((skill) => (
              <View
                key={skill.code}
                className={`ui-chip${draft.skills.includes(skill.code) ? ' ui-chip--on' : ''}`}
                role='checkbox'
                aria-checked={draft.skills.includes(skill.code)}
                data-skill={skill.code}
                onClick={() => toggleSkill(skill.code)}
              >
                {skill.label}
              </View>
            ))}
          </View>
        </Field>
        {deliveryHint ? <Text className='ui-muted' data-hint='delivery-skill'>{deliveryHint}</Text> : null}
      </View>

      <View className='ui-card'>
        <Text className='ui-subtitle'>空闲时间</Text>
        <Field label='点选每周有空的时段' name='availability' error={errors.availability}>
          <AvailabilityGrid value={draft.availability} onChange={(mask) => form.edit('availability', mask)} />
        </Field>
      </View>

      <View className='ui-card'>
        <Text className='ui-subtitle'>服务范围</Text>
        <Field label='所在社区' name='homeCommunityCode' error={errors.homeCommunityCode}>
          <RegionPicker
            currentName={draft.homeCommunityName}
            onPick={(c) => {
              form.edit('homeCommunityCode', c.code);
              form.edit('homeCommunityName', c.name);
              // The community's centre stands in for home; it is stored rounded to about 100 m anyway.
              form.edit('homeLocation', { lat: c.centre[0], lng: c.centre[1] });
            }}
          />
        </Field>
        <Field label='家的位置（点地图调整）' name='homeLocation'>
          <HomeMapPicker home={draft.homeLocation} radiusKm={Number(draft.serviceRadiusKm) || 5} onPick={(at) => form.edit('homeLocation', at)} />
        </Field>
        <Field label={`愿意前往的距离：${draft.serviceRadiusKm || '—'} 公里`} name='serviceRadiusKm' error={errors.serviceRadiusKm}>
          <Slider
            min={1}
            max={50}
            step={1}
            value={Number(draft.serviceRadiusKm) || 5}
            activeColor='#c23a26'
            onChange={(e) => form.edit('serviceRadiusKm', String(e.detail.value))}
          />
        </Field>
      </View>

      {form.formError ? <View className='ui-error' style={{ margin: '0 32px' }} role='alert'>{form.formError}</View> : null}
      <View style={{ padding: '0 24px' }}>
        <Button className='ui-btn ui-btn--block' data-action='save-profile' loading={form.saving} disabled={form.saving || undefined} onClick={form.submit}>
          保存资料
        </Button>
      </View>
    </View>
  );
}

export default function ProfilePage() {
  const signedIn = useRequireSession();
  const profile = useQuery({ queryKey: profileKey, queryFn: fetchProfile, enabled: signedIn });
  if (!signedIn) return null;
  const error = profile.isError ? asApiError(profile.error) : null;
  if (error?.needsLogin) goToLogin();
  // No profile yet (404) is the onboarding case: an empty form.
  const missing = error?.status === 404;
  return (
    <View className='ui-page'>
      {profile.isPending ? <StateView kind='loading' title='正在加载资料…' /> : null}
      {error && !missing ? <StateView kind='error' title={error.title} actionText='重试' onAction={() => void profile.refetch()} /> : null}
      {profile.isSuccess || missing ? <ProfileForm view={profile.data} /> : null}
    </View>
  );
}
