// What a benchmark's API process spends during a measured window, beside the latencies: CPU,
// garbage collection (pause count, total and longest, by kind), bytes allocated, and how long the
// event loop was held up. These explain a latency tail where the latencies alone cannot.
import { monitorEventLoopDelay, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import v8 from 'node:v8';

export interface GcPause {
  /** performance.now() time the pause began, ms. */
  start: number;
  ms: number;
  kind: 'minor' | 'major' | 'incremental' | 'weak' | 'other';
}

export interface WindowFigures {
  cpuMs: number;
  gcPauses: number;
  gcTotalMs: number;
  gcMaxMs: number;
  gcByKind: Record<string, { count: number; ms: number }>;
  /** Bytes the heap grew by between collections plus what the collections freed: what was allocated. */
  allocatedBytes: number;
  eventLoopDelayP99Ms: number;
  eventLoopDelayMaxMs: number;
  pauses: GcPause[];
}

// perf_hooks' gc entry `detail.kind` values (NODE_PERFORMANCE_GC_*).
const KINDS: Record<number, GcPause['kind']> = { 1: 'minor', 2: 'major', 4: 'incremental', 8: 'weak' };

/** Watches this process from `start()` to `stop()`. */
export class ProcessWatch {
  private readonly pauses: GcPause[] = [];
  private readonly observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as Array<PerformanceEntry & { detail?: { kind?: number } }>) {
      this.pauses.push({ start: entry.startTime, ms: entry.duration, kind: KINDS[entry.detail?.kind ?? 0] ?? 'other' });
    }
  });
  private readonly loopDelay = monitorEventLoopDelay({ resolution: 1 });
  private readonly profiler = new v8.GCProfiler();
  private cpuBefore: NodeJS.CpuUsage | null = null;
  private heapBefore = 0;

  start(): void {
    this.observer.observe({ entryTypes: ['gc'] });
    this.loopDelay.enable();
    this.profiler.start();
    this.heapBefore = v8.getHeapStatistics().used_heap_size;
    this.cpuBefore = process.cpuUsage();
  }

  async stop(): Promise<WindowFigures> {
    const cpu = process.cpuUsage(this.cpuBefore ?? undefined);
    const heapAfter = v8.getHeapStatistics().used_heap_size;
    const profile = this.profiler.stop();
    this.loopDelay.disable();
    // GC entries are delivered asynchronously: let the last ones arrive.
    await new Promise((resolve) => setImmediate(resolve));
    this.observer.disconnect();
    let allocated = 0;
    let used = this.heapBefore;
    for (const gc of profile.statistics) {
      allocated += Math.max(0, gc.beforeGC.heapStatistics.usedHeapSize - used);
      used = gc.afterGC.heapStatistics.usedHeapSize;
    }
    allocated += Math.max(0, heapAfter - used);
    const gcByKind: WindowFigures['gcByKind'] = {};
    for (const pause of this.pauses) {
      const kind = (gcByKind[pause.kind] ??= { count: 0, ms: 0 });
      kind.count++;
      kind.ms = round(kind.ms + pause.ms);
    }
    return {
      cpuMs: (cpu.user + cpu.system) / 1000,
      gcPauses: this.pauses.length,
      gcTotalMs: round(this.pauses.reduce((sum, p) => sum + p.ms, 0)),
      gcMaxMs: round(Math.max(0, ...this.pauses.map((p) => p.ms))),
      gcByKind,
      allocatedBytes: allocated,
      eventLoopDelayP99Ms: round(this.loopDelay.percentile(99) / 1e6),
      eventLoopDelayMaxMs: round(this.loopDelay.max / 1e6),
      pauses: this.pauses,
    };
  }
}

/** Of the requests a client saw slowest, how many had a GC pause of the API inside them, and how much. */
export function gcInside(slowest: Array<{ sentAtMs: number; ms: number }>, pauses: GcPause[]): { withPause: number; gcMs: number } {
  let withPause = 0;
  let gcMs = 0;
  for (const request of slowest) {
    let inside = 0;
    for (const pause of pauses) {
      const start = performance.timeOrigin + pause.start;
      inside += Math.max(0, Math.min(request.sentAtMs + request.ms, start + pause.ms) - Math.max(request.sentAtMs, start));
    }
    if (inside > 0) withPause++;
    gcMs += inside;
  }
  return { withPause, gcMs: round(gcMs / Math.max(1, slowest.length)) };
}

const round = (n: number) => Math.round(n * 100) / 100;
