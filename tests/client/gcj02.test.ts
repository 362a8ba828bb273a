import { distanceMetres } from '@tongxin/shared';
import { gcj02ToWgs84, wgs84ToGcj02 } from '../../client/src/features/care-map/gcj02';

describe('wgs84ToGcj02 (pins on WeChat\'s map)', () => {
  // Reference pairs published with eviltransform's tests (WGS-84 → GCJ-02).
  it.each([
    ['上海', { lat: 31.1774276, lng: 121.5272106 }, { lat: 31.17530398364597, lng: 121.531541859215 }],
    ['深圳', { lat: 22.543847, lng: 113.912316 }, { lat: 22.540796131694766, lng: 113.9171764808363 }],
    ['北京', { lat: 39.911954, lng: 116.377817 }, { lat: 39.91334545536069, lng: 116.38404722455657 }],
  ])('when a point in %s is converted, then it matches the reference', (_city, wgs, gcj) => {
    const converted = wgs84ToGcj02(wgs);
    expect(converted.lat).toBeCloseTo(gcj.lat, 9);
    expect(converted.lng).toBeCloseTo(gcj.lng, 9);
  });

  it('when a point in Chengdu is converted, then it moves a few hundred metres, as on WeChat\'s map', () => {
    const tianfuSquare = { lat: 30.6573, lng: 104.0657 };
    const metres = distanceMetres(tianfuSquare, wgs84ToGcj02(tianfuSquare));
    expect(metres).toBeGreaterThan(100);
    expect(metres).toBeLessThan(800);
  });

  it('when a point lies outside China, then it is unchanged', () => {
    expect(wgs84ToGcj02({ lat: 48.8584, lng: 2.2945 })).toEqual({ lat: 48.8584, lng: 2.2945 });
  });
});

describe('gcj02ToWgs84 (a tap on WeChat\'s map, back to the points the server keeps)', () => {
  it.each([
    ['上海', { lat: 31.1774276, lng: 121.5272106 }, { lat: 31.17530398364597, lng: 121.531541859215 }],
    ['北京', { lat: 39.911954, lng: 116.377817 }, { lat: 39.91334545536069, lng: 116.38404722455657 }],
  ])('when the reference GCJ-02 point in %s is converted back, then it lands within a centimetre of the WGS-84 one', (_city, wgs, gcj) => {
    expect(distanceMetres(wgs, gcj02ToWgs84(gcj))).toBeLessThan(0.01);
  });

  it('when a tap in Chengdu is converted back, then converting forward again gives the tap', () => {
    const tap = { lat: 30.6551, lng: 104.0682 };
    expect(distanceMetres(tap, wgs84ToGcj02(gcj02ToWgs84(tap)))).toBeLessThan(0.01);
    expect(distanceMetres(tap, gcj02ToWgs84(tap))).toBeGreaterThan(100);
  });

  it('when a point lies outside China, then it is unchanged', () => {
    expect(gcj02ToWgs84({ lat: 48.8584, lng: 2.2945 })).toEqual({ lat: 48.8584, lng: 2.2945 });
  });
});
