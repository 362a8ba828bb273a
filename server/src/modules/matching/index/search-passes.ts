import { NO_SKILL_BIT, type PreparedQuery, type SkillFilter } from './scoring';
import { lowestBit, type SkillPostings } from './skill-postings';

/** Where a pass reads a cell's rows: one skill's list, or every row (`skill` −1). */
export interface PassSource {
  skill: number;
  filter: SkillFilter;
}

/** One nearest-first sweep over rows whose skill fit is at most `fitMax`. */
export interface SearchPass {
  fitMax: number;
  sources: PassSource[];
}

const EVERY_ROW = -1;

/**
 * Splits a query by skill fit, so each pass has its own, tighter score bound and stops nearer:
 *   A. rows holding every fit skill (fit 1), read from the rarest fit skill's lists;
 *   B. rows holding the required skills and some but not all fit skills (fit ≤ (n−1)/n), read from
 *      the rarest required skill's lists, or with none required from each fit skill's list in turn
 *      (a row is read from the list of its first fit skill only);
 *   C. with none required, rows holding no fit skill (fit 0), read whole cells.
 * Every row passing the required-skill filter falls in exactly one pass. Pass A runs first, so the
 * top-K fills with the best-fitting rows and the later passes stop early or do not start.
 */
export function searchPasses(q: PreparedQuery, postings: SkillPostings): SearchPass[] {
  const fit = q.fitSkills;
  const required = q.requiredSkills;
  const n = q.fitSkillCount;
  if (n === 0) return [{ fitMax: 1, sources: [{ skill: EVERY_ROW, filter: { need: required, none: 0, notAll: NO_SKILL_BIT } }] }];
  const passes: SearchPass[] = [{ fitMax: 1, sources: [{ skill: postings.rarest(fit), filter: { need: fit, none: 0, notAll: NO_SKILL_BIT } }] }];
  if (n > 1 && required !== 0) {
    passes.push({ fitMax: (n - 1) / n, sources: [{ skill: postings.rarest(required), filter: { need: required, none: 0, notAll: fit } }] });
  } else if (n > 1) {
    const sources: PassSource[] = [];
    let earlier = 0;
    for (let rest = fit; rest !== 0; rest &= rest - 1) {
      const skill = lowestBit(rest);
      sources.push({ skill, filter: { need: 1 << skill, none: earlier, notAll: fit } });
      earlier |= 1 << skill;
    }
    passes.push({ fitMax: (n - 1) / n, sources });
  }
  if (required === 0) passes.push({ fitMax: 0, sources: [{ skill: EVERY_ROW, filter: { need: 0, none: fit, notAll: NO_SKILL_BIT } }] });
  return passes;
}
