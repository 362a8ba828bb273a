import type { DomainEventBus } from '../domain-events';
import type { LiveStatsBroadcaster } from './live-broadcaster';
import type { CounterDeltas, LiveStatsCounters } from './live-counters';

/** Where a campaign's money counts: its community when it has one, else the city only. */
export type CampaignArea = (campaignId: string) => Promise<string | undefined>;

/** Feeds today's counters from the modules' domain events (never from their collections). */
export function subscribeLiveCounters(
  events: DomainEventBus, counters: LiveStatsCounters, broadcaster: LiveStatsBroadcaster, campaignArea: CampaignArea,
): void {
  const count = async (communityCode: string | undefined, deltas: CounterDeltas, donorId?: string) => {
    broadcaster.touched(await counters.add(communityCode, deltas, donorId));
  };
  events.subscribe('enrollment:created', (e) => count(e.communityCode, { enrollments: 1 }));
  events.subscribe('hours:recorded', (e) => count(e.communityCode, { verifiedMinutes: e.minutes }));
  events.subscribe('need:posted', (e) => count(e.communityCode, { needsPosted: 1 }));
  events.subscribe('donation:paid', async (e) => {
    await count(await campaignArea(e.campaignId), { donations: 1, donationsFen: e.amountFen, matchedFen: e.matchedFen }, e.userId);
  });
}
