// Where a request's time goes inside the API, for a benchmark: from the HTTP server's `request`
// event to the service call (middleware: context, logging, metrics, helmet, guards, token, zod),
// the service call itself, and from its answer to the response's `finish` (JSON, headers, write).
// Wall-clock per phase, so a phase also holds whatever else the event loop ran meanwhile.
import type http from 'node:http';
import { currentContext } from '../../server/src/platform/context';
import type { GcPause } from './process-watch';

interface Timing {
  received: number;
  serviceStart?: number;
  serviceEnd?: number;
  finished?: number;
}

export interface PhaseFigures {
  requests: number;
  /** Median ms of each phase over every request, then the mean of each over the slowest 1 %. */
  median: { beforeMs: number; serviceMs: number; afterMs: number; totalMs: number };
  slowest: { count: number; beforeMs: number; serviceMs: number; afterMs: number; totalMs: number; withGcPause: number; gcMsInside: number };
}

/** Records phases of every request `server` answers while `recording` is on. */
export class RequestPhases {
  private readonly byRequestId = new Map<string, Timing>();
  private readonly done: Timing[] = [];
  recording = false;

  /** Requests are told apart by the `x-request-id` the load generator sends (kept by the API as its request id). */
  constructor(server: http.Server) {
    server.prependListener('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
      const requestId = req.headers['x-request-id'];
      if (!this.recording || typeof requestId !== 'string') return;
      const timing: Timing = { received: performance.now() };
      this.byRequestId.set(requestId, timing);
      res.once('finish', () => {
        timing.finished = performance.now();
        this.byRequestId.delete(requestId);
        if (timing.serviceStart !== undefined && timing.serviceEnd !== undefined) this.done.push(timing);
      });
    });
  }

  /** Wraps a service method so its calls are timed against the request they serve. */
  wrap<A extends unknown[], R>(call: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
    return async (...args: A) => {
      const timing = this.current();
      if (timing) timing.serviceStart = performance.now();
      try {
        return await call(...args);
      } finally {
        if (timing) timing.serviceEnd = performance.now();
      }
    };
  }

  figures(pauses: GcPause[]): PhaseFigures {
    const rows = this.done.map((t) => ({
      beforeMs: t.serviceStart! - t.received,
      serviceMs: t.serviceEnd! - t.serviceStart!,
      afterMs: t.finished! - t.serviceEnd!,
      totalMs: t.finished! - t.received,
      gcMs: pauses.reduce((sum, p) => sum + overlap(t.received, t.finished!, p.start, p.start + p.ms), 0),
    }));
    const median = (key: 'beforeMs' | 'serviceMs' | 'afterMs' | 'totalMs') => round(sortedBy(rows.map((r) => r[key]))[Math.floor(rows.length / 2)] ?? 0);
    const slowest = [...rows].sort((a, b) => b.totalMs - a.totalMs).slice(0, Math.max(1, Math.ceil(rows.length / 100)));
    const mean = (key: 'beforeMs' | 'serviceMs' | 'afterMs' | 'totalMs' | 'gcMs') => round(slowest.reduce((s, r) => s + r[key], 0) / Math.max(1, slowest.length));
    return {
      requests: rows.length,
      median: { beforeMs: median('beforeMs'), serviceMs: median('serviceMs'), afterMs: median('afterMs'), totalMs: median('totalMs') },
      slowest: {
        count: slowest.length, beforeMs: mean('beforeMs'), serviceMs: mean('serviceMs'), afterMs: mean('afterMs'), totalMs: mean('totalMs'),
        withGcPause: slowest.filter((r) => r.gcMs > 0).length, gcMsInside: mean('gcMs'),
      },
    };
  }

  private current(): Timing | undefined {
    const requestId = currentContext()?.requestId;
    return requestId ? this.byRequestId.get(requestId) : undefined;
  }
}

const overlap = (a0: number, a1: number, b0: number, b1: number) => Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
const sortedBy = (values: number[]) => values.sort((a, b) => a - b);
const round = (n: number) => Math.round(n * 100) / 100;
