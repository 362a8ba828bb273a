import { fireEvent, render, screen } from '@testing-library/react';
import type { RuralProjectView } from '@tongxin/shared';
import { RuralProjectCard } from '@/features/rural-projects/rural-project-card';

const project = (overrides: Partial<RuralProjectView & { distanceKm?: number }> = {}): RuralProjectView & { distanceKm?: number } => ({
  id: 'a'.repeat(24), title: '荷花北村柑橘电商助农', category: 'ecommerce', categoryLabel: '电商助农', description: '帮助村民开设网店',
  regionCode: '510121001001', regionPath: '金堂县 / 赵镇 / 荷花北村', districtCode: '510121', location: { lat: 30.86, lng: 104.43 },
  organizationId: 'b'.repeat(24), status: 'active', statusLabel: '实施中', lastProgressOn: '2026-11-01',
  createdAt: '2026-10-01T00:00:00.000Z', updatedAt: '2026-11-01T00:00:00.000Z', ...overrides,
});

describe('RuralProjectCard', () => {
  it('shows category, place, status, latest progress and distance, and opens the project', () => {
    const onOpen = jest.fn();
    render(<RuralProjectCard project={project({ distanceKm: 3.25 })} onOpen={onOpen} />);
    expect(screen.getByText('荷花北村柑橘电商助农')).toBeTruthy();
    expect(screen.getByText('电商助农 · 金堂县 / 赵镇 / 荷花北村')).toBeTruthy();
    expect(screen.getByText('实施中 · 最近进展 2026-11-01 · 距你 3.25 公里')).toBeTruthy();
    fireEvent.click(screen.getByRole('link'));
    expect(onOpen).toHaveBeenCalledTimes(1);
  });

  it('leaves out progress and distance when there are none', () => {
    render(<RuralProjectCard project={project({ lastProgressOn: null, status: 'planning', statusLabel: '筹备中' })} onOpen={() => undefined} />);
    expect(screen.getByText('筹备中')).toBeTruthy();
  });
});
