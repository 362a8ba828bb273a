/**
 * Runs `run` with a deadline: after `timeoutMs` the returned promise rejects with `onTimeout()` and
 * `run`'s signal is aborted. Work that ignores the signal goes on unobserved, so callers use this
 * only where doing the work late (or twice, after a retry) is harmless.
 */
export function withDeadline<T>(timeoutMs: number, onTimeout: () => Error, run: (signal: AbortSignal) => Promise<T>, outer?: AbortSignal): Promise<T> {
  const deadline = new AbortController();
  const signal = outer ? AbortSignal.any([outer, deadline.signal]) : deadline.signal;
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      const error = onTimeout();
      deadline.abort(error);
      reject(error);
    }, timeoutMs);
  });
  return Promise.race([run(signal), expired]).finally(() => clearTimeout(timer));
}
