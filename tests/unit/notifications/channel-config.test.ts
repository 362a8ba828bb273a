import { parseChannelSettings } from '../../../server/src/modules/notifications/channels/channel-config';

describe('parseChannelSettings', () => {
  it('when templates and long-term kinds are listed, then each kind maps to its template', () => {
    const settings = parseChannelSettings(' shift-reminder=TPL_A , shift-moved=TPL_B', 'shift-moved', 'pages/x');
    expect(settings.templates).toEqual({ 'shift-reminder': 'TPL_A', 'shift-moved': 'TPL_B' });
    expect([...settings.longTerm]).toEqual(['shift-moved']);
    expect(settings.page).toBe('pages/x');
  });

  it('when nothing is configured, then no kind goes to WeChat', () => {
    expect(parseChannelSettings('', '', 'p').templates).toEqual({});
  });

  it('when a kind is unknown or a pair malformed, then boot fails with the offending entry', () => {
    expect(() => parseChannelSettings('spam=TPL', '', 'p')).toThrow('"spam=TPL"');
    expect(() => parseChannelSettings('shift-moved', '', 'p')).toThrow('<kind>=<template id>');
    expect(() => parseChannelSettings('', 'spam', 'p')).toThrow('unknown kind "spam"');
  });
});
