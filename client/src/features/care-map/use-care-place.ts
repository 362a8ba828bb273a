import { useState } from 'react';
import Taro from '@tarojs/taro';
import { useQuery } from '@tanstack/react-query';
import type { GeoPoint } from '@tongxin/shared';
import { fetchProfile, profileKey } from '@/features/volunteer/volunteer.api';

export interface CarePlace {
  at: GeoPoint;
  /** What the place is, as shown: "我的位置", "家附近", a community's name. */
  label: string;
}

/** Until the user says otherwise: the middle of Chengdu (Tianfu Square). */
const CITY_CENTRE: CarePlace = { at: { lat: 30.6574, lng: 104.0658 }, label: '成都市中心' };

/**
 * Where the care map searches around: a place the user chose (current location or a community),
 * else a volunteer's home area from their profile, else the city centre.
 */
export function useCarePlace(enabled: boolean) {
  // Only volunteers have a profile; anyone else simply starts at the city centre.
  const profile = useQuery({ queryKey: profileKey, queryFn: fetchProfile, enabled, retry: false });
  const [chosen, setChosen] = useState<CarePlace | null>(null);
  const [locating, setLocating] = useState(false);
  const home = profile.data?.homeLocation;
  const place: CarePlace = chosen ?? (home ? { at: home, label: profile.data?.homeCommunityName ? `${profile.data.homeCommunityName}（家附近）` : '家附近' } : CITY_CENTRE);

  const locate = async () => {
    setLocating(true);
    try {
      const { latitude, longitude } = await Taro.getLocation({ type: 'wgs84' });
      setChosen({ at: { lat: latitude, lng: longitude }, label: '我的位置' });
    } catch {
      await Taro.showToast({ title: '无法获取位置，请按社区选择', icon: 'none', duration: 2500 });
    } finally {
      setLocating(false);
    }
  };

  return { place, locating, locate, choose: setChosen, ready: !enabled || !profile.isPending };
}
