import { useEffect, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { volunteerProfileSchema, type SkillCode, type VolunteerProfileBody, type VolunteerProfileView } from '@tongxin/shared';
import { asApiError } from '@/services/api';
import { profileKey, saveProfile } from './volunteer.api';

export type ProfileField = 'realName' | 'residentId' | 'skills' | 'availability' | 'homeCommunityCode' | 'serviceRadiusKm';
export type ProfileErrors = Partial<Record<ProfileField, string>>;

export interface ProfileDraft {
  realName: string;
  residentId: string;
  skills: SkillCode[];
  availability: number;
  homeCommunityCode: string | null;
  homeCommunityName: string | null;
  homeLocation: { lat: number; lng: number } | null;
  serviceRadiusKm: string;
}

function draftOf(view: VolunteerProfileView | undefined): ProfileDraft {
  return {
    realName: view?.realName ?? '',
    // The stored number is only ever shown masked; saving asks for it again (the PUT replaces the profile).
    residentId: '',
    skills: view?.skills ?? [],
    availability: view?.availability.mask ?? 0,
    homeCommunityCode: view?.homeCommunityCode ?? null,
    homeCommunityName: view?.homeCommunityName ?? null,
    homeLocation: view?.homeLocation ?? null,
    serviceRadiusKm: view?.serviceRadiusKm ? String(view.serviceRadiusKm) : '5',
  };
}

/** The PUT body from the draft; empty fields are left out, as the schema allows while filling in. */
export function bodyOf(draft: ProfileDraft): VolunteerProfileBody {
  const radius = draft.serviceRadiusKm.trim();
  return {
    ...(draft.realName.trim() !== '' ? { realName: draft.realName.trim() } : {}),
    ...(draft.residentId.trim() !== '' ? { residentId: draft.residentId.trim() } : {}),
    skills: draft.skills,
    availability: draft.availability,
    ...(draft.homeCommunityCode ? { homeCommunityCode: draft.homeCommunityCode } : {}),
    ...(draft.homeLocation ? { homeLocation: draft.homeLocation } : {}),
    ...(radius !== '' ? { serviceRadiusKm: Number(radius) } : {}),
  };
}

const FIELDS: readonly ProfileField[] = ['realName', 'residentId', 'skills', 'availability', 'homeCommunityCode', 'serviceRadiusKm'];

/** Messages per field from the shared schema, exactly what the server would answer. */
export function validateDraft(draft: ProfileDraft): ProfileErrors {
  const errors: ProfileErrors = {};
  const result = volunteerProfileSchema.safeParse(bodyOf(draft));
  if (!result.success) {
    for (const issue of result.error.issues) {
      const field = issue.path[0] as ProfileField;
      if (FIELDS.includes(field) && !errors[field]) errors[field] = issue.message;
    }
  }
  // Signing up needs the real name; the schema allows saving without it while filling in.
  if (draft.realName.trim() === '') errors.realName ??= '请填写姓名（报名服务需要实名）';
  if (draft.residentId.trim() === '') errors.residentId ??= '请填写身份证号码（保存时需要重新填写以确认）';
  if (draft.homeCommunityCode === null) errors.homeCommunityCode ??= '请选择所在社区';
  return errors;
}

/** The onboarding/profile form: a draft, inline validation per field on blur, and saving. */
export function useProfileForm(view: VolunteerProfileView | undefined, onSaved: (view: VolunteerProfileView) => void) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<ProfileDraft>(() => draftOf(view));
  const [errors, setErrors] = useState<ProfileErrors>({});
  const [formError, setFormError] = useState<string | null>(null);

  useEffect(() => setDraft(draftOf(view)), [view]);

  const edit = <K extends keyof ProfileDraft>(key: K, value: ProfileDraft[K]) => {
    setDraft((current) => ({ ...current, [key]: value }));
    setErrors((current) => ({ ...current, [key]: undefined }));
    setFormError(null);
  };

  /** Checks one field after the user leaves it (an untouched empty field is not an error yet). */
  const check = (field: ProfileField) => {
    const message = validateDraft(draft)[field];
    setErrors((current) => ({ ...current, [field]: message }));
  };

  const save = useMutation({
    mutationFn: (body: VolunteerProfileBody) => saveProfile(body),
    onSuccess: (saved) => {
      queryClient.setQueryData(profileKey, saved);
      onSaved(saved);
    },
    onError: (thrown) => {
      const error = asApiError(thrown);
      const fields: ProfileErrors = {};
      for (const e of error.errors) {
        const field = e.path.split('.')[0] as ProfileField;
        if (FIELDS.includes(field)) fields[field] ??= e.message;
      }
      setErrors(fields);
      setFormError(Object.keys(fields).length > 0 ? null : error.title);
    },
  });

  const submit = () => {
    const found = validateDraft(draft);
    setErrors(found);
    if (Object.values(found).some(Boolean)) {
      setFormError('请先改正标红的内容');
      return;
    }
    save.mutate(bodyOf(draft));
  };

  return { draft, edit, errors, check, formError, submit, saving: save.isPending };
}
