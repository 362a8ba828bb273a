// Small closed-loop load generator for the benchmarks: N concurrent clients on keep-alive
// connections, each sending its next request when the previous one answers; in this process
// (`runLoad`) or in a child process of its own (`LoadProcess`).
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { Agent, request } from 'undici';

export interface LoadResult {
  requests: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  statuses: Record<string, number>;
  /** The slowest 1 % of requests: when each was sent (epoch ms, sub-millisecond) and how long it took. */
  slowest: Array<{ sentAtMs: number; ms: number }>;
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
  const sent: Array<{ sentAtMs: number; ms: number }> = [];
  const statuses: Record<string, number> = {};
  let cursor = 0;
  const started = performance.now();
  const client = async () => {
    for (let i = cursor++; i < requests.length; i = cursor++) {
      const { method, path, headers, body } = requests[i]!;
      const t0 = performance.now();
      const res = await request(`${baseUrl}${path}`, { method, headers, ...(body !== undefined ? { body } : {}), dispatcher: agent });
      await res.body.dump();
      const ms = performance.now() - t0;
      latencies.push(ms);
      // performance.timeOrigin makes the time comparable with another process's clock (the API's GC pauses).
      sent.push({ sentAtMs: performance.timeOrigin + t0, ms });
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
    slowest: sent.sort((a, b) => b.ms - a.ms).slice(0, Math.ceil(sent.length / 100)),
  };
}

/**
 * `runLoad` in a child process, so the clients' parsing and timing do not share the measured API's
 * core (on two cores an in-process generator took a large share of the CPU it measured). One child
 * serves every run of a benchmark; `close` ends it.
 */
export class LoadProcess {
  private readonly child: ChildProcess = fork(path.join(__dirname, 'load-process.ts'), [], {
    execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });

  run(baseUrl: string, concurrency: number, requests: LoadRequest[]): Promise<LoadResult> {
    return new Promise((resolve, reject) => {
      const exited = (code: number | null) => reject(new Error(`load process exited with ${code}`));
      this.child.once('exit', exited);
      this.child.once('message', (message: { result?: LoadResult; error?: string }) => {
        this.child.off('exit', exited);
        if (message.result) resolve(message.result);
        else reject(new Error(`load process: ${message.error}`));
      });
      this.child.send({ baseUrl, concurrency, requests });
    });
  }

  close(): void {
    if (this.child.connected) this.child.disconnect();
  }
}
