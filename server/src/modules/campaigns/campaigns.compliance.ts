import { FILING_LEAD_DAYS, shanghaiDayOf, type FieldError } from '@tongxin/shared';

const DAY_MS = 86_400_000;

export interface ComplianceFacts {
  /** The running organization, or its partner, holds a valid public-fundraising qualification. */
  qualified: boolean;
  filing?: { number: string; filedAt: Date } | undefined;
  startsAt: Date;
  endsAt: Date;
}

/**
 * Where a filing date breaks the rules: after today, or less than 10 days before the start. The
 * filing is a date: filed today is fine at any hour (the app sends 09:00 of the day, which is still
 * ahead at 01:00 in Shanghai), so days are compared on Shanghai's calendar.
 */
export function filingProblems(filing: { filedAt: Date } | undefined, startsAt: Date, now: Date): FieldError[] {
  if (!filing) return [];
  if (shanghaiDayOf(filing.filedAt) > shanghaiDayOf(now)) return [{ path: 'filing.filedAt', message: '备案日期不能晚于今天' }];
  if (startsAt.getTime() - filing.filedAt.getTime() < FILING_LEAD_DAYS * DAY_MS) {
    return [{ path: 'filing.filedAt', message: `募捐方案须在开始前至少 ${FILING_LEAD_DAYS} 天备案` }];
  }
  return [];
}

/** Why a campaign may not go live now (Charity Law: qualification, filed plan); empty when it may. */
export function goLiveProblems(facts: ComplianceFacts, now: Date): string[] {
  const problems: string[] = [];
  if (!facts.qualified) problems.push('发起组织及合作方均无有效的公开募捐资格');
  if (!facts.filing) problems.push('缺少募捐方案备案编号');
  else if (filingProblems(facts.filing, facts.startsAt, now).length > 0) problems.push(`募捐方案须在开始前至少 ${FILING_LEAD_DAYS} 天备案`);
  if (facts.endsAt.getTime() <= now.getTime()) problems.push('募捐期限已过');
  return problems;
}
