import { DEFAULT_SUBSIDY_RULES, type SubsidyRules } from '@tongxin/shared';
import type { MealPointsRepository } from './meal-points.repository';

/** How long a replica trusts its copy of the rules; a save on this replica refreshes it at once. */
const CACHE_MS = 10_000;

/** The city's subsidy rules, read often (every booking and priced map query), written rarely by admins. */
export class SubsidyRulesStore {
  private cached: { rules: SubsidyRules; at: number } | null = null;

  constructor(private readonly repository: MealPointsRepository, private readonly now: () => Date = () => new Date()) {}

  async current(): Promise<SubsidyRules> {
    const now = this.now().getTime();
    if (this.cached && now - this.cached.at < CACHE_MS) return this.cached.rules;
    const rules = (await this.repository.findRules()) ?? DEFAULT_SUBSIDY_RULES;
    this.cached = { rules, at: now };
    return rules;
  }

  async save(rules: SubsidyRules, updatedBy: string): Promise<SubsidyRules> {
    await this.repository.saveRules(rules, updatedBy);
    this.cached = { rules, at: this.now().getTime() };
    return rules;
  }
}
