import { filingProblems } from '../../../server/src/modules/campaigns/campaigns.compliance';

// 01:45 on 30 November in Shanghai (17:45 UTC the day before): the app sends a filing day as 09:00 of that day.
const now = new Date('2026-11-29T17:45:00Z');
const startsAt = new Date('2026-12-10T16:00:00Z');

describe('a fundraising plan\'s filing date', () => {
  it('when it was filed today (Shanghai), then it is accepted at any hour of the day', () => {
    expect(filingProblems({ filedAt: new Date('2026-11-30T01:00:00Z') }, startsAt, now)).toEqual([]);
  });

  it('when it is a later day, then it is refused as after today', () => {
    expect(filingProblems({ filedAt: new Date('2026-12-01T01:00:00Z') }, startsAt, now)).toEqual([{ path: 'filing.filedAt', message: '备案日期不能晚于今天' }]);
  });

  it('when it is less than 10 days before the start, then it is refused for the lead time', () => {
    expect(filingProblems({ filedAt: new Date('2026-11-30T01:00:00Z') }, new Date('2026-12-05T16:00:00Z'), now))
      .toEqual([{ path: 'filing.filedAt', message: '募捐方案须在开始前至少 10 天备案' }]);
  });
});
