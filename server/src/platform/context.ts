import { AsyncLocalStorage } from 'node:async_hooks';

/** Correlation ids carried through a request or a job, read by the logger. */
export interface TraceContext {
  requestId?: string;
  jobId?: string;
}

const storage = new AsyncLocalStorage<TraceContext>();

export function runWithContext<T>(context: TraceContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentContext(): TraceContext | undefined {
  return storage.getStore();
}

/** Where a request came from, for the audit trail; kept apart from the trace so log lines never carry it. */
export interface RequestOrigin {
  ip?: string;
  userAgent?: string;
}

const origins = new AsyncLocalStorage<RequestOrigin>();

export function runWithOrigin<T>(origin: RequestOrigin, fn: () => T): T {
  return origins.run(origin, fn);
}

export function currentOrigin(): RequestOrigin | undefined {
  return origins.getStore();
}
