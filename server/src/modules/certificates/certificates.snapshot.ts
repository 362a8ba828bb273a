import { randomInt } from 'node:crypto';
import { NEED_CATEGORIES, findRegion, shanghaiDate } from '@tongxin/shared';
import type { CertificateActivity } from './certificates.model';

/** What the snapshot needs of a ledger line (see attendance's HoursLedger). */
export interface CertifiedLine {
  enrollmentId: string;
  kind: string;
  minutes: number;
  category: string;
  needId: string;
  needTitle: string;
  communityCode: string;
  shiftStartsAt: Date;
}

export interface HoursSnapshot {
  periodFrom: string;
  periodTo: string;
  totalMinutes: number;
  supplementaryMinutes: number;
  activities: CertificateActivity[];
  organizations: string[];
}

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** 12 random characters from 32 (60 bits), grouped "ABCD-EFGH-JKLM": short enough to type, far too many to guess. */
export function newCertificateCode(): string {
  const chars = Array.from({ length: 12 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]);
  return [0, 4, 8].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

export const categoryName = (code: string) => NEED_CATEGORIES.find((c) => c.code === code)?.label ?? code;
export const communityName = (code: string) => findRegion(code)?.name ?? code;

/**
 * Hours by activity in a period, summed from ledger lines whose shift started in it (Asia/Shanghai
 * dates, both ends inclusive). The total is the plain sum of the lines, so a certificate for all time
 * equals the volunteer's verified hours; corrections enter with their signed change.
 */
export function snapshotOf(lines: readonly CertifiedLine[], period: { from?: string | undefined; to?: string | undefined }, today: string): HoursSnapshot {
  const inPeriod = lines.filter((line) => {
    const day = shanghaiDate(line.shiftStartsAt);
    return (!period.from || day >= period.from) && (!period.to || day <= period.to);
  });
  const byNeed = new Map<string, CertificateActivity & { enrollments: Set<string> }>();
  for (const line of inPeriod) {
    const day = shanghaiDate(line.shiftStartsAt);
    const activity = byNeed.get(line.needId) ?? {
      needId: line.needId, title: line.needTitle, category: line.category, organizationName: communityName(line.communityCode),
      firstDate: day, lastDate: day, shifts: 0, minutes: 0, enrollments: new Set<string>(),
    };
    activity.minutes += line.minutes;
    activity.enrollments.add(line.enrollmentId);
    if (day < activity.firstDate) activity.firstDate = day;
    if (day > activity.lastDate) activity.lastDate = day;
    byNeed.set(line.needId, activity);
  }
  const activities = [...byNeed.values()]
    .map(({ enrollments, ...a }) => ({ ...a, shifts: enrollments.size }))
    .filter((a) => a.minutes > 0);
  const days = inPeriod.map((l) => shanghaiDate(l.shiftStartsAt)).sort();
  return {
    periodFrom: period.from ?? days[0] ?? today,
    periodTo: period.to ?? days.at(-1) ?? today,
    totalMinutes: inPeriod.reduce((sum, l) => sum + l.minutes, 0),
    supplementaryMinutes: inPeriod.filter((l) => l.kind === 'supplementary').reduce((sum, l) => sum + l.minutes, 0),
    activities,
    organizations: [...new Set(activities.map((a) => a.organizationName))],
  };
}

/** Hours with one decimal, as the ledger's minutes are shown everywhere else. */
export const hoursOf = (minutes: number) => Math.round((minutes / 60) * 10) / 10;
