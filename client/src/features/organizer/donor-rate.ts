import { useEffect, useState } from 'react';
import type { CampaignTally } from '@tongxin/shared';

export interface DonorSample {
  at: number;
  donorCount: number;
}

/** The window the rate is measured over, ms. */
export const RATE_WINDOW_MS = 60_000;

/** Less observed than this (ms) gives no rate yet: one gift in two seconds is not "30 a minute". */
const MIN_SPAN_MS = 10_000;

/**
 * New donors per minute over the last minute, from tally samples (oldest first): the donor count now
 * against the last sample taken before the minute began (or the first sample, when less than a
 * minute has been watched, scaled to a minute). Null until enough has been observed.
 */
export function donorsPerMinute(samples: DonorSample[], now: number): number | null {
  const latest = samples[samples.length - 1];
  if (!latest) return null;
  const base = [...samples].reverse().find((s) => s.at <= now - RATE_WINDOW_MS) ?? samples[0]!;
  const spanMs = Math.min(RATE_WINDOW_MS, now - base.at);
  if (spanMs < MIN_SPAN_MS) return null;
  return Math.round((((latest.donorCount - base.donorCount) * 60_000) / spanMs) * 10) / 10;
}

/** Keeps tally samples of the last two minutes and recomputes the rate every few seconds. */
export function useDonorRate(tally: CampaignTally | null): number | null {
  const [samples, setSamples] = useState<DonorSample[]>([]);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!tally) return;
    const at = Date.now();
    // Two minutes of samples, and always the newest older one: it is the baseline after a quiet spell.
    setSamples((all) => [...all.filter((s, i) => s.at >= at - 2 * RATE_WINDOW_MS || i === all.length - 1), { at, donorCount: tally.donorCount }]);
  }, [tally]);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 5_000);
    return () => clearInterval(timer);
  }, []);
  return donorsPerMinute(samples, now);
}
