import type { EnrollmentChange, VolunteerMatchFacts } from './index-ports';
import { VolunteerColumns } from './columns';
import { entryOf, reliabilityByte, type ReliabilityCounts } from './entries';
import { MatchIndex } from './match-index';
import { shanghaiWeekStart } from './query';
import { schedulesFrom } from './schedules';

/** Where the index is built from (the volunteers and enrollments modules, through their ports). */
export interface IndexSources {
  profiles(since?: Date): AsyncIterable<VolunteerMatchFacts>;
  enrollmentsFrom(from: Date): AsyncIterable<EnrollmentChange>;
  reliabilityFacts(): AsyncIterable<{ userId: string; kind: string; id: string }>;
}

export interface BuiltIndex {
  index: MatchIndex;
  profilesUpdatedAt: number;
  weekStart: number;
}

/** Reliability counts per volunteer from the facts; a reversed no-show does not count. */
export async function reliabilityCounts(facts: AsyncIterable<{ userId: string; kind: string; id: string }>): Promise<Map<string, ReliabilityCounts>> {
  const counts = new Map<string, ReliabilityCounts>();
  const reversed = new Set<string>();
  const noShows: Array<{ userId: string; generation: string }> = [];
  for await (const fact of facts) {
    const c = counts.get(fact.userId) ?? { completed: 0, noShows: 0, lateCancellations: 0 };
    counts.set(fact.userId, c);
    if (fact.kind === 'completed') c.completed += 1;
    else if (fact.kind === 'late_cancellation') c.lateCancellations += 1;
    else if (fact.kind === 'no_show') noShows.push({ userId: fact.userId, generation: fact.id.slice('no_show:'.length) });
    else if (fact.kind === 'no_show_reversed') reversed.add(fact.id.slice('no_show_reversed:'.length));
  }
  for (const n of noShows) if (!reversed.has(n.generation)) counts.get(n.userId)!.noShows += 1;
  return counts;
}

/**
 * Builds the index by streaming from the store: reliability facts, this week's and later sign-ups,
 * then every profile's matching projection into staging columns, sorted by cell at the end.
 */
export async function buildFromStore(sources: IndexSources, now: number): Promise<BuiltIndex> {
  const reliability = await reliabilityCounts(sources.reliabilityFacts());
  const weekStart = shanghaiWeekStart(now);
  const schedules = await schedulesFrom(sources.enrollmentsFrom(new Date(weekStart)));
  const staging = new VolunteerColumns(1024);
  let profilesUpdatedAt = 0;
  for await (const profile of sources.profiles()) {
    profilesUpdatedAt = Math.max(profilesUpdatedAt, profile.updatedAt.getTime());
    if (!profile.location) continue;
    staging.push(entryOf(profile, reliabilityByte(reliability.get(profile.id)), schedules.loadOf(profile.id, weekStart, now)));
  }
  const index = MatchIndex.build(staging);
  for (const [id, spans] of schedules.spans) index.busy.set(id, spans);
  return { index, profilesUpdatedAt, weekStart };
}
