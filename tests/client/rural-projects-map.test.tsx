import { fireEvent, render, screen } from '@testing-library/react';
import type { RuralProjectListItem } from '@tongxin/shared';
import { circleAround, kmBetween } from '@/features/care-map/care-map-pins';
import { RuralProjectsMap } from '@/features/rural-projects/rural-projects-map';

const aProject = (id: string, title: string, location: { lat: number; lng: number }): RuralProjectListItem => ({
  id, title, category: 'ecommerce', categoryLabel: '电商助农', description: '培训村民直播带货。', regionCode: '510121101001', regionPath: '金堂县 / 赵镇 / 平桥村',
  districtCode: '510121', location, organizationId: 'o1', status: 'active', statusLabel: '实施中', lastProgressOn: null,
  createdAt: '2026-11-01T00:00:00.000Z', updatedAt: '2026-11-01T00:00:00.000Z',
});

// Two villages about 40 km apart (金堂 in the north-east, 蒲江 in the south-west of the city).
const projects = [aProject('p1', '茶叶电商助农', { lat: 30.862, lng: 104.412 }), aProject('p2', '猕猴桃产业帮扶', { lat: 30.196, lng: 103.506 })];

describe('circleAround', () => {
  it('centres on the middle of the points and reaches past the farthest one; with no points it falls back', () => {
    const { centre, radiusKm } = circleAround(projects.map((p) => p.location), { lat: 30.65, lng: 104.06 });
    expect(centre.lat).toBeCloseTo((30.862 + 30.196) / 2, 6);
    expect(centre.lng).toBeCloseTo((104.412 + 103.506) / 2, 6);
    const farthest = Math.max(...projects.map((p) => kmBetween(centre, p.location)));
    expect(farthest).toBeGreaterThan(50);
    expect(radiusKm).toBeGreaterThan(farthest);
    expect(radiusKm).toBeLessThan(farthest * 1.25);
    expect(circleAround([], { lat: 30.65, lng: 104.06 })).toEqual({ centre: { lat: 30.65, lng: 104.06 }, radiusKm: 5 });
    expect(circleAround([{ lat: 30.65, lng: 104.06 }], { lat: 0, lng: 0 }).radiusKm).toBe(5);
  });
});

describe('RuralProjectsMap (H5 drawing)', () => {
  it('draws a numbered pin per project inside the frame, with no "me" at the centre, and a tap on a pin or a row opens the project', () => {
    const onOpen = jest.fn();
    const { container } = render(<RuralProjectsMap projects={projects} onOpen={onOpen} />);
    expect(screen.getByRole('img').getAttribute('aria-label')).toBe('地图上的 2 个乡村振兴项目');
    expect(screen.queryByText('我')).toBeNull();
    const north = screen.getByRole('button', { name: '1 乡村振兴项目 茶叶电商助农' });
    const south = screen.getByRole('button', { name: '2 乡村振兴项目 猕猴桃产业帮扶' });
    // North-east up and right, south-west down and left, both inside the drawing (never clamped to its edge).
    expect(parseFloat(north.style.left)).toBeGreaterThan(50);
    expect(parseFloat(north.style.top)).toBeLessThan(50);
    expect(parseFloat(south.style.left)).toBeLessThan(50);
    expect(parseFloat(south.style.top)).toBeGreaterThan(50);
    for (const pin of [north, south]) for (const v of [pin.style.left, pin.style.top]) expect(parseFloat(v)).toBeGreaterThan(2);
    for (const pin of [north, south]) for (const v of [pin.style.left, pin.style.top]) expect(parseFloat(v)).toBeLessThan(98);
    expect(container.querySelectorAll('.care-kind--rural_project')).toHaveLength(4);

    fireEvent.click(south);
    expect(onOpen).toHaveBeenLastCalledWith('p2');
    fireEvent.click(container.querySelector('[data-rural-map-item="p1"]')!);
    expect(onOpen).toHaveBeenLastCalledWith('p1');
    expect(Array.from(container.querySelectorAll('[data-rural-map-item]'), (r) => r.textContent)).toEqual([
      '1茶叶电商助农电商助农 · 金堂县 / 赵镇 / 平桥村 · 实施中',
      '2猕猴桃产业帮扶电商助农 · 金堂县 / 赵镇 / 平桥村 · 实施中',
    ]);
  });
});
