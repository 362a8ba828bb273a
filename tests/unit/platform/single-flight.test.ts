import { SingleFlight } from '../../../server/src/platform/single-flight';

/** A load whose answer the test releases by hand, counting how often it was started. */
function manualLoads() {
  const releases: Array<(value: string) => void> = [];
  const failures: Array<(error: Error) => void> = [];
  const load = () => new Promise<string>((resolve, reject) => {
    releases.push(resolve);
    failures.push(reject);
  });
  return { load, releases, failures, started: () => releases.length };
}

describe('SingleFlight', () => {
  it('when many callers ask for one key while a load is in flight, then the load runs once and all get its answer', async () => {
    const flights = new SingleFlight<string>();
    const loads = manualLoads();
    const answers = Promise.all(Array.from({ length: 50 }, () => flights.run('campaign-1', loads.load)));
    expect(loads.started()).toBe(1);
    loads.releases[0]!('live');
    expect(await answers).toEqual(Array.from({ length: 50 }, () => 'live'));
  });

  it('when the load has settled, then the next caller starts a new one; other keys never share', async () => {
    const flights = new SingleFlight<string>();
    const loads = manualLoads();
    const first = flights.run('a', loads.load);
    const other = flights.run('b', loads.load);
    expect(loads.started()).toBe(2);
    loads.releases[0]!('a1');
    loads.releases[1]!('b1');
    expect([await first, await other]).toEqual(['a1', 'b1']);
    const second = flights.run('a', loads.load);
    expect(loads.started()).toBe(3);
    loads.releases[2]!('a2');
    expect(await second).toBe('a2');
  });

  it('when the load fails, then every waiting caller sees the failure and the next caller tries again', async () => {
    const flights = new SingleFlight<string>();
    const loads = manualLoads();
    const waiting = [flights.run('a', loads.load), flights.run('a', loads.load)];
    loads.failures[0]!(new Error('store away'));
    await expect(Promise.all(waiting)).rejects.toThrow('store away');
    await expect(waiting[1]).rejects.toThrow('store away');
    const retry = flights.run('a', loads.load);
    expect(loads.started()).toBe(2);
    loads.releases[1]!('back');
    expect(await retry).toBe('back');
  });

  it('when the key is forgotten during a load, then later callers start afresh and the old load does not evict the new one', async () => {
    const flights = new SingleFlight<string>();
    const loads = manualLoads();
    const before = flights.run('a', loads.load);
    flights.forget('a');
    const after = flights.run('a', loads.load);
    expect(loads.started()).toBe(2);
    loads.releases[0]!('old');
    expect(await before).toBe('old');
    // The new load is still the one in flight: a third caller joins it.
    const joined = flights.run('a', loads.load);
    expect(loads.started()).toBe(2);
    loads.releases[1]!('new');
    expect([await after, await joined]).toEqual(['new', 'new']);
  });
});
