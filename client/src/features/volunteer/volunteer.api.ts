import type { Me, VolunteerProfileBody, VolunteerProfileView } from '@tongxin/shared';
import { api } from '@/services/api';

export const meKey = ['me'] as const;
export const profileKey = ['me', 'volunteer-profile'] as const;

export function fetchMe(): Promise<Me> {
  return api.get<Me>('/me');
}

export function fetchProfile(): Promise<VolunteerProfileView> {
  return api.get<VolunteerProfileView>('/me/volunteer-profile');
}

/** Replaces the whole profile (PUT); the answer is the stored, masked view. */
export function saveProfile(body: VolunteerProfileBody): Promise<VolunteerProfileView> {
  return api.put<VolunteerProfileView>('/me/volunteer-profile', body);
}
