import { useState } from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import type { GeoPoint } from '@tongxin/shared';
import { projectInCircle, unprojectFromCircle } from '@/features/care-map/care-map-pins';
import { HomeMapPicker } from '@/features/volunteer/home-map-picker';

const community: GeoPoint = { lat: 30.66, lng: 104.07 };
const KM_PER_DEGREE = 111.32;

/** The drawing is 400 × 400 CSS px at (20, 100) on the page; jsdom lays nothing out, so the box is given. */
function giveBox(map: HTMLElement) {
  jest.spyOn(map, 'getBoundingClientRect').mockReturnValue({ left: 20, top: 100, width: 400, height: 400, right: 420, bottom: 500, x: 20, y: 100, toJSON: () => ({}) });
}

/** The profile page's wiring: the picked point becomes home, and the radius comes from the slider. */
function Harness({ radiusKm, onPick }: { radiusKm: number; onPick: (p: GeoPoint) => void }) {
  const [home, setHome] = useState<GeoPoint | null>(null);
  return <HomeMapPicker home={home} near={community} radiusKm={radiusKm} onPick={(p) => { onPick(p); setHome(p); }} />;
}

describe('home map picker', () => {
  it('undoes the drawing projection', () => {
    const centre = { lat: 30.65, lng: 104.08 };
    const point = { lat: 30.67, lng: 104.06 };
    const back = unprojectFromCircle(centre, projectInCircle(centre, point, 5), 5);
    expect(back.lat).toBeCloseTo(point.lat, 9);
    expect(back.lng).toBeCloseTo(point.lng, 9);
  });

  it('opens on the community, sets home where the volunteer taps and recentres there with the radius', () => {
    const picks: GeoPoint[] = [];
    render(<Harness radiusKm={4} onPick={(p) => picks.push(p)} />);
    const map = screen.getByRole('img', { name: '地图：点一下选择家的位置' });
    expect(screen.getByText('点地图选择家的大致位置，或先选所在社区')).toBeTruthy();
    giveBox(map);

    // Three quarters across and a quarter down: half the radius east and half north of the community.
    fireEvent.click(map, { clientX: 20 + 300, clientY: 100 + 100 });
    expect(picks).toHaveLength(1);
    expect((picks[0]!.lat - community.lat) * KM_PER_DEGREE).toBeCloseTo(2, 6);
    expect((picks[0]!.lng - community.lng) * KM_PER_DEGREE * Math.cos((community.lat * Math.PI) / 180)).toBeCloseTo(2, 6);

    const home = screen.getByRole('img', { name: '家的位置，周围 4 公里' });
    expect(home.textContent).toContain('家');
    expect(home.textContent).toContain('虚线圈半径 4 公里');
    expect(screen.getByText(/已选家的位置（约 100 米精度/)).toBeTruthy();

    // A second tap at the very centre of the redrawn map keeps home where it is.
    giveBox(home);
    fireEvent.click(home, { clientX: 220, clientY: 300 });
    expect(picks[1]!.lat).toBeCloseTo(picks[0]!.lat, 9);
    expect(picks[1]!.lng).toBeCloseTo(picks[0]!.lng, 9);
  });

  it('follows the radius the volunteer sets', () => {
    const { rerender } = render(<HomeMapPicker home={community} radiusKm={3} onPick={() => undefined} />);
    expect(screen.getByRole('img', { name: '家的位置，周围 3 公里' })).toBeTruthy();
    rerender(<HomeMapPicker home={community} radiusKm={12} onPick={() => undefined} />);
    expect(screen.getByText('虚线圈半径 12 公里')).toBeTruthy();
  });
});
