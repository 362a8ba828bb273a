import { DEFAULT_SUBSIDY_RULES, type SubsidyRules } from '@tongxin/shared';
import { SingleFlight } from '../../platform/single-flight';
import type { MealPointsRepository } from './meal-points.repository';

/** How long a replica trusts its copy of the rules; a save on this replica refreshes it at once. */
const CACHE_MS = 10_000;
/**
 * A copy older than this is read again in the background while it is still used, so that under
 * traffic no caller waits for the store (a priced care-map query would otherwise wait every 10 s);
 * only a caller that finds the copy older than CACHE_MS (after a quiet spell) waits for the read.
 */
const REFRESH_AFTER_MS = CACHE_MS / 2;

interface Cached {
  rules: SubsidyRules;
  /** When the read that gave these rules began (or the save that set them). */
  at: number;
}

/** The city's subsidy rules, read often (every booking and priced map query), written rarely by admins. */
export class SubsidyRulesStore {
  private cached: Cached | null = null;
  private readonly reads = new SingleFlight<Cached>();

  constructor(private readonly repository: MealPointsRepository, private readonly now: () => Date = () => new Date()) {}

  /** The rules, never older than CACHE_MS. */
  async current(): Promise<SubsidyRules> {
    const cached = this.cached;
    const age = cached ? this.now().getTime() - cached.at : Infinity;
    if (cached && age < REFRESH_AFTER_MS) return cached.rules;
    if (cached && age < CACHE_MS) {
      // Still good: used now, replaced when the read lands; a failed read is tried again by a later caller.
      this.read().catch(() => undefined);
      return cached.rules;
    }
    return (await this.read()).rules;
  }

  async save(rules: SubsidyRules, updatedBy: string): Promise<SubsidyRules> {
    await this.repository.saveRules(rules, updatedBy);
    this.cached = { rules, at: this.now().getTime() };
    return rules;
  }

  /** One read at a time; what it finds replaces the copy unless a save here came after it began. */
  private read(): Promise<Cached> {
    return this.reads.run('rules', async () => {
      const at = this.now().getTime();
      const rules = (await this.repository.findRules()) ?? DEFAULT_SUBSIDY_RULES;
      if (!this.cached || this.cached.at < at) this.cached = { rules, at };
      return this.cached;
    });
  }
}
