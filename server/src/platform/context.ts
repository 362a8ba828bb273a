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
