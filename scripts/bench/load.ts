// Small closed-loop load generator for the benchmarks: N concurrent clients on keep-alive
// connections, each sending its next request when the previous one answers.
import { Agent, request } from 'undici';

export interface LoadResult {
  requests: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  statuses: Record<string, number>;
}

export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Sends `requests` (one per call of `next`) from `concurrency` clients against `baseUrl`. */
export async function runLoad(baseUrl: string, concurrency: number, requests: LoadRequest[]): Promise<LoadResult> {
  const agent = new Agent({ connections: concurrency, pipelining: 1, keepAliveTimeout: 30_000 });
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let cursor = 0;
  const started = performance.now();
  const client = async () => {
    for (let i = cursor++; i < requests.length; i = cursor++) {
      const { method, path, headers, body } = requests[i]!;
      const t0 = performance.now();
      const res = await request(`${baseUrl}${path}`, { method, headers, ...(body !== undefined ? { body } : {}), dispatcher: agent });
      await res.body.dump();
      latencies.push(performance.now() - t0);
      statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  const seconds = (performance.now() - started) / 1000;
  await agent.close();
  latencies.sort((a, b) => a - b);
  return {
    requests: requests.length,
    seconds: Number(seconds.toFixed(2)),
    perSecond: Math.round(requests.length / seconds),
    p50Ms: Number(percentile(latencies, 50).toFixed(1)),
    p99Ms: Number(percentile(latencies, 99).toFixed(1)),
    statuses,
  };
}
