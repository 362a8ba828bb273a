import { fireEvent, render, screen } from '@testing-library/react';
import type { CareMapItem, NeedSearchItem } from '@tongxin/shared';
import { CareMapView } from '@/features/care-map/care-map-view';
import { mergeEntries, pinsOf, projectInCircle } from '@/features/care-map/care-map-pins';

const centre = { lat: 30.65, lng: 104.08 };
const KM_LAT = 1 / 111.32;

const aPoint = (id: string, kind: CareMapItem['kind'], distanceKm: number, northKm: number): CareMapItem => ({
  id, kind, name: `点${id}`, address: '幸福北街', location: { lat: centre.lat + northKm * KM_LAT, lng: centre.lng }, distanceKm,
  modes: ['dine_in'], contactPhone: '028-86661234', accessibilityNotes: '',
});

describe('care map pins', () => {
  it('puts the centre in the middle, north up, and keeps far points on the edge of the drawing', () => {
    expect(projectInCircle(centre, centre, 3)).toEqual({ x: 50, y: 50 });
    const north = projectInCircle(centre, { lat: centre.lat + 1.5 * KM_LAT, lng: centre.lng }, 3);
    expect(north.x).toBeCloseTo(50);
    expect(north.y).toBeCloseTo(25);
    expect(projectInCircle(centre, { lat: centre.lat - 30 * KM_LAT, lng: centre.lng }, 3).y).toBe(98);
  });

  it('numbers points and needs together, nearest first; a need without its own point sits at its community centre', () => {
    const need = { id: 'n1', title: '陪老人散步', communityCode: '510104001001', distanceKm: 0.8, shifts: [] } as unknown as NeedSearchItem;
    const entries = mergeEntries([aPoint('a', 'meal_point', 1.2, 1.2), aPoint('b', 'service_station', 0.3, -0.3)], [need]);
    expect(entries.map((e) => e.key)).toEqual(['p:b', 'n:n1', 'p:a']);
    const pins = pinsOf(entries);
    expect(pins.map((p) => [p.number, p.kind, p.label])).toEqual([[1, 'service_station', '点b'], [2, 'need', '陪老人散步'], [3, 'meal_point', '点a']]);
    expect(pins[1]!.at.lat).toBeGreaterThan(30);
  });
});

describe('CareMapView (H5, no map tiles)', () => {
  it('draws a labelled, tappable pin per place and reports which was tapped', () => {
    const pins = pinsOf(mergeEntries([aPoint('a', 'meal_point', 1.5, 1.5)], []));
    const onSelect = jest.fn();
    render(<CareMapView centre={centre} radiusKm={3} pins={pins} selected={null} onSelect={onSelect} />);
    expect(screen.getByRole('img').getAttribute('aria-label')).toBe('附近 3 公里内的 1 个地点');
    const pin = screen.getByRole('button', { name: '1 助餐点 点a' });
    expect(pin.style.left).toBe('50%');
    expect(parseFloat(pin.style.top)).toBeCloseTo(25);
    fireEvent.click(pin);
    expect(onSelect).toHaveBeenCalledWith('p:a');
  });
});
