/**
 * Concurrent callers asking for the same key share the one call in flight, so a cache miss under a
 * burst is read once instead of once per waiting request (200 requests missing a 1 s campaign copy at
 * the same moment sent 10-20 reads of it per expiry before this). A caller that comes after the call
 * settled starts a new one: nothing is kept here, the caches stay where they are.
 */
export class SingleFlight<T> {
  private readonly inFlight = new Map<string, Promise<T>>();

  run(key: string, load: () => Promise<T>): Promise<T> {
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const started = load().finally(() => {
      if (this.inFlight.get(key) === started) this.inFlight.delete(key);
    });
    this.inFlight.set(key, started);
    return started;
  }

  /** Later callers start afresh instead of joining a call that began before a change they must see. */
  forget(key: string): void {
    this.inFlight.delete(key);
  }
}
