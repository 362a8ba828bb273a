import { CjkFontMissingError, findCjkFont } from '../../server/src/modules/certificates/certificates.font';
import { newCertificateCode, snapshotOf, type CertifiedLine } from '../../server/src/modules/certificates/certificates.snapshot';

const line = (overrides: Partial<CertifiedLine>): CertifiedLine => ({
  enrollmentId: 'e1', kind: 'verified', minutes: 60, category: 'elderly_visit', needId: 'n1', needTitle: '陪伴独居老人散步',
  communityCode: '510104001001', shiftStartsAt: new Date('2026-03-01T01:00:00Z'), ...overrides,
});

describe('findCjkFont', () => {
  it('when no known font is installed, then a clear error naming the Debian packages', () => {
    expect(() => findCjkFont('', () => false)).toThrow(CjkFontMissingError);
    expect(() => findCjkFont('', () => false)).toThrow(/fonts-wqy-zenhei/);
  });

  it('when a font is configured, then it is used with its face name, and a missing one is refused', () => {
    expect(findCjkFont('/fonts/a.ttc#FaceName', () => true)).toEqual({ path: '/fonts/a.ttc', postscriptName: 'FaceName' });
    expect(() => findCjkFont('/fonts/missing.ttf', () => false)).toThrow(/CERTIFICATE_FONT_PATH/);
  });

  it('when only Noto CJK is installed, then it is found', () => {
    expect(findCjkFont('', (p) => p.includes('Noto')).postscriptName).toBe('NotoSansCJKsc-Regular');
  });
});

describe('snapshotOf', () => {
  const lines = [
    line({}),
    line({ enrollmentId: 'e1', kind: 'supplementary', minutes: 30 }),
    line({ enrollmentId: 'e2', minutes: 90, shiftStartsAt: new Date('2026-03-08T01:00:00Z') }),
    line({ enrollmentId: 'e2', kind: 'correction', minutes: -30, shiftStartsAt: new Date('2026-03-08T01:00:00Z') }),
    line({ enrollmentId: 'e3', needId: 'n2', needTitle: '社区助餐送餐', category: 'meal_delivery', minutes: 45, shiftStartsAt: new Date('2026-05-01T16:30:00Z') }),
  ];

  it('when no period is given, then the total is the plain sum of the ledger, by activity, with corrections applied', () => {
    const snapshot = snapshotOf(lines, {}, '2026-06-01');
    expect(snapshot.totalMinutes).toBe(60 + 30 + 90 - 30 + 45);
    expect(snapshot.supplementaryMinutes).toBe(30);
    expect(snapshot.activities.map((a) => [a.title, a.minutes, a.shifts, a.firstDate, a.lastDate])).toEqual([
      ['陪伴独居老人散步', 150, 2, '2026-03-01', '2026-03-08'],
      // 16:30 UTC on 1 May is 2 May in Shanghai.
      ['社区助餐送餐', 45, 1, '2026-05-02', '2026-05-02'],
    ]);
    expect(snapshot).toMatchObject({ periodFrom: '2026-03-01', periodTo: '2026-05-02' });
  });

  it('when a period is given, then only shifts that started in it (Shanghai dates, inclusive) count', () => {
    const snapshot = snapshotOf(lines, { from: '2026-03-02', to: '2026-05-01' }, '2026-06-01');
    expect(snapshot.totalMinutes).toBe(60);
    expect(snapshot.activities).toHaveLength(1);
  });

  it('codes are 12 characters without look-alikes, grouped by four, and differ', () => {
    const codes = new Set(Array.from({ length: 200 }, newCertificateCode));
    expect(codes.size).toBe(200);
    for (const code of codes) expect(code).toMatch(/^[A-HJ-NP-Z2-9]{4}(-[A-HJ-NP-Z2-9]{4}){2}$/);
  });
});
