import type { MatchReasons } from '@tongxin/shared';

/** Distance as people say it: metres under 1 km, else one decimal. */
export function distanceLabel(km: number): string {
  return km < 1 ? `${Math.max(50, Math.round((km * 1000) / 50) * 50)} 米` : `${km.toFixed(1)} 公里`;
}

/**
 * Why a volunteer fits a shift, as short Chinese phrases in order of weight. `who` is "TA" for staff
 * looking at a candidate and "你" for the volunteer looking at a recommendation.
 */
export function reasonPhrases(reasons: MatchReasons, who: 'TA' | '你'): string[] {
  const phrases = [`距离${who === '你' ? '你' : ''} ${distanceLabel(reasons.distanceKm)}`];
  if (reasons.matchedSkills.length > 0) phrases.push(`技能匹配：${reasons.matchedSkills.map((s) => s.label).join('、')}`);
  if (reasons.availability.length > 0) phrases.push(`${who}有空：${reasons.availability.join('、')}`);
  if (reasons.sameCommunity) phrases.push(who === '你' ? '就在你的社区' : '同社区');
  if (who === 'TA') {
    phrases.push(`出勤率 ${reasons.reliabilityPercent}%`);
    phrases.push(reasons.hoursThisWeek > 0 ? `本周已服务 ${reasons.hoursThisWeek} 小时` : '本周还没有服务');
  }
  return phrases;
}
