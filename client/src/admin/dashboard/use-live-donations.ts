import { useRef, useState } from 'react';
import type { LiveCounters, StatsLiveEvent } from '@tongxin/shared';
import { useRealtimeEvent, useRooms } from '@/features/realtime/use-realtime';

/** The window over which the donation rate is measured, ms. */
const RATE_WINDOW_MS = 5 * 60_000;

export interface LiveDonations {
  counters: LiveCounters | null;
  /** Gifts per minute over the last five minutes of `stats:live` pushes (null until two pushes). */
  perMinute: number | null;
}

/** Today's counters for an area, live from its `stats:live` room, with the recent donation rate. */
export function useLiveDonations(areaCode: string, initial: LiveCounters | null): LiveDonations {
  const [counters, setCounters] = useState<LiveCounters | null>(initial);
  const samples = useRef<Array<{ at: number; donations: number }>>([]);
  const [perMinute, setPerMinute] = useState<number | null>(null);
  const newest = useRef(0);
  useRooms([{ kind: 'stats', id: areaCode }], areaCode !== '');
  useRealtimeEvent('stats:live', (event: StatsLiveEvent) => {
    if (event.areaCode !== areaCode || event.seq <= newest.current) return;
    newest.current = event.seq;
    setCounters(event.counters);
    const kept = [...samples.current, { at: event.seq, donations: event.counters.donations }].filter((s) => s.at >= event.seq - RATE_WINDOW_MS);
    samples.current = kept;
    const first = kept[0]!;
    const minutes = (event.seq - first.at) / 60_000;
    setPerMinute(kept.length >= 2 && minutes > 0 ? Math.round(((event.counters.donations - first.donations) / minutes) * 10) / 10 : null);
  }, areaCode !== '');
  return { counters: counters ?? initial, perMinute };
}
