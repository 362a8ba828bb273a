import { matchShareOf } from '../../../server/src/modules/donations/donations.refunds';

describe('matchShareOf', () => {
  it('when part of a matched gift is refunded, then the same share of the match goes back, rounded down', () => {
    expect(matchShareOf(400, 1000, 500, 0, 0)).toBe(200);
    expect(matchShareOf(333, 1000, 500, 0, 0)).toBe(166);
  });

  it('when the last fen is refunded, then whatever match is left goes back, so shares always add up to the match', () => {
    const first = matchShareOf(333, 1000, 500, 0, 0);
    const second = matchShareOf(333, 1000, 500, 333, first);
    const last = matchShareOf(334, 1000, 500, 666, first + second);
    expect(first + second + last).toBe(500);
  });

  it('when nothing was matched, then nothing goes back', () => {
    expect(matchShareOf(1000, 1000, 0, 0, 0)).toBe(0);
  });
});
