import { useState } from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import { availabilityFromGrid, availabilityToGrid, FULL_AVAILABILITY, isAvailable } from '@tongxin/shared';
import { AvailabilityGrid } from '@/features/volunteer/availability-grid';

function Harness({ initial, seen }: { initial: number; seen: number[] }) {
  const [mask, setMask] = useState(initial);
  return <AvailabilityGrid value={mask} onChange={(next) => { seen.push(next); setMask(next); }} />;
}

const cell = (label: string) => screen.getByRole('gridcell', { name: label });

describe('AvailabilityGrid', () => {
  it('shows the mask as 7 days × 4 slots, marking exactly the available cells', () => {
    const grid = availabilityToGrid(0);
    grid[0]![1] = true; // 周一上午
    grid[6]![3] = true; // 周日晚上
    render(<AvailabilityGrid value={availabilityFromGrid(grid)} onChange={() => undefined} />);
    expect(screen.getAllByRole('gridcell')).toHaveLength(28);
    const selected = screen.getAllByRole('gridcell').filter((c) => c.getAttribute('aria-selected') === 'true');
    expect(selected.map((c) => c.getAttribute('aria-label'))).toEqual(['周一上午', '周日晚上']);
  });

  it('when a cell is tapped, then its bit in the shared mask toggles and nothing else changes', () => {
    const seen: number[] = [];
    render(<Harness initial={0} seen={seen} />);
    fireEvent.click(cell('周三下午'));
    expect(seen).toHaveLength(1);
    expect(isAvailable(seen[0]!, 2, 2)).toBe(true);
    expect(availabilityToGrid(seen[0]!).flat().filter(Boolean)).toHaveLength(1);
    expect(cell('周三下午').getAttribute('aria-selected')).toBe('true');

    fireEvent.click(cell('周三下午'));
    expect(seen[1]).toBe(0);
  });

  it('when a day name is tapped, then the whole day is switched on, and off again when it was full', () => {
    const seen: number[] = [];
    render(<Harness initial={0} seen={seen} />);
    fireEvent.click(screen.getByRole('rowheader', { name: '周五全天' }));
    expect(availabilityToGrid(seen[0]!)[4]).toEqual([true, true, true, true]);
    expect(availabilityToGrid(seen[0]!).flat().filter(Boolean)).toHaveLength(4);
    fireEvent.click(screen.getByRole('rowheader', { name: '周五全天' }));
    expect(seen[1]).toBe(0);
  });

  it('keeps the top bit (Sunday evening) exact: the mask goes past 2^27 without sign trouble', () => {
    const seen: number[] = [];
    render(<Harness initial={FULL_AVAILABILITY - 2 ** 27} seen={seen} />);
    fireEvent.click(cell('周日晚上'));
    expect(seen[0]).toBe(FULL_AVAILABILITY);
  });
});
