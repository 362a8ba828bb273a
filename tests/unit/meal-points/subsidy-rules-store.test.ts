import { DEFAULT_SUBSIDY_RULES, type SubsidyRules } from '@tongxin/shared';
import type { MealPointsRepository } from '../../../server/src/modules/meal-points/meal-points.repository';
import { SubsidyRulesStore } from '../../../server/src/modules/meal-points/subsidy-rules';

const rulesWith = (perDay: number): SubsidyRules => ({ ...DEFAULT_SUBSIDY_RULES, caps: { perDay, perWeek: 5 } });

/** The rules the store would hold, with each read held open until the test lets it answer. */
function storedRules(initial: SubsidyRules) {
  const state = { stored: initial, reads: 0, pending: [] as Array<() => void> };
  const repository = {
    findRules: () => {
      state.reads++;
      const answer = state.stored;
      return new Promise<SubsidyRules>((resolve) => state.pending.push(() => resolve(answer)));
    },
    saveRules: async (rules: SubsidyRules) => {
      state.stored = rules;
    },
  } as unknown as MealPointsRepository;
  const answerReads = async () => {
    for (const answer of state.pending.splice(0)) answer();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { state, repository, answerReads };
}

describe('SubsidyRulesStore', () => {
  let nowMs: number;
  const clock = () => new Date(nowMs);
  beforeEach(() => {
    nowMs = Date.parse('2026-11-30T02:00:00Z');
  });

  it('when the copy is fresh, then nobody waits; past 5 s it is used while a read in the background replaces it', async () => {
    const { state, repository, answerReads } = storedRules(rulesWith(1));
    const store = new SubsidyRulesStore(repository, clock);
    const first = store.current();
    await answerReads();
    expect(await first).toEqual(rulesWith(1));

    state.stored = rulesWith(2);
    nowMs += 4_000;
    expect(await store.current()).toEqual(rulesWith(1));
    expect(state.reads).toBe(1);

    nowMs += 2_000;
    // Answered from the copy while the read is still open; two callers start one read.
    expect(await store.current()).toEqual(rulesWith(1));
    expect(await store.current()).toEqual(rulesWith(1));
    expect(state.reads).toBe(2);
    await answerReads();
    expect(await store.current()).toEqual(rulesWith(2));
    expect(state.reads).toBe(2);
  });

  it('when the copy is 10 s old or more (a quiet spell), then the caller waits for the store', async () => {
    const { state, repository, answerReads } = storedRules(rulesWith(1));
    const store = new SubsidyRulesStore(repository, clock);
    const first = store.current();
    await answerReads();
    await first;

    state.stored = rulesWith(3);
    nowMs += 10_000;
    let answered: SubsidyRules | null = null;
    const waiting = store.current().then((rules) => (answered = rules));
    await new Promise((resolve) => setImmediate(resolve));
    expect(answered).toBeNull();
    await answerReads();
    await waiting;
    expect(answered).toEqual(rulesWith(3));
  });

  it('when rules are saved while an older read is open, then the saved rules stay', async () => {
    const { state, repository, answerReads } = storedRules(rulesWith(1));
    const store = new SubsidyRulesStore(repository, clock);
    const first = store.current();
    await answerReads();
    await first;

    nowMs += 6_000;
    await store.current();
    expect(state.pending).toHaveLength(1);
    nowMs += 1;
    await store.save(rulesWith(4), 'admin');
    await answerReads();
    expect(await store.current()).toEqual(rulesWith(4));
  });
});
