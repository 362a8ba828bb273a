import { startTestApi, type TestApi } from '../../helpers/test-api';
import { DrawChains } from '../../../server/src/modules/campaigns/draw-chains';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

describe('DrawChains', () => {
  it('when four processes race 100 draws of 100 fen against 3,000, then exactly 30 succeed and nothing is overdrawn', async () => {
    // Separate instances stand for separate processes: no shared head cache or in-process queue.
    const processes = Array.from({ length: 4 }, () => new DrawChains(api.runtime.infra.connection));
    const taken = await Promise.all(Array.from({ length: 100 }, (_, i) => processes[i % 4]!.take('pool:race', 100, 3000)));
    expect(taken.filter((t) => t === 100)).toHaveLength(30);
    expect(taken.filter((t) => t !== 100 && t !== 0)).toHaveLength(0);
    expect(await new DrawChains(api.runtime.infra.connection).remaining('pool:race', 3000)).toBe(0);
  }, 60_000);

  it('when less remains than wanted, then the rest is taken; given back, it can be taken again', async () => {
    const chains = new DrawChains(api.runtime.infra.connection);
    expect(await chains.take('day:x', 500, 800)).toBe(500);
    expect(await chains.take('day:x', 500, 800)).toBe(300);
    expect(await chains.take('day:x', 500, 800)).toBe(0);
    await chains.give('day:x', 200, 800);
    expect(await new DrawChains(api.runtime.infra.connection).take('day:x', 500, 800)).toBe(200);
  });
});
