import { areaChain } from './stats.areas';
import { emptyFigures, type RollupFigures, type SummedField } from './rollup.figures';

type DistinctKind = 'activeVolunteers' | 'donors';

/** Adds a fact to its community and every area above it; distinct counts are kept per area as sets. */
export class AreaAccumulator {
  private readonly figures = new Map<string, RollupFigures>();
  private readonly distinct = new Map<string, Map<DistinctKind, Set<string>>>();

  add(communityCode: string | null | undefined, field: SummedField | 'registeredVolunteers' | 'campaignsLive', delta = 1): void {
    for (const area of areaChain(communityCode)) this.at(area)[field] += delta;
  }

  addDistinct(communityCode: string | null | undefined, kind: DistinctKind, id: string): void {
    for (const area of areaChain(communityCode)) {
      this.at(area);
      const kinds = this.distinct.get(area) ?? new Map<DistinctKind, Set<string>>();
      this.distinct.set(area, kinds);
      const set = kinds.get(kind) ?? new Set<string>();
      kinds.set(kind, set);
      set.add(id);
    }
  }

  addFill(communityCode: string, minutes: number): void {
    for (const area of areaChain(communityCode)) {
      const histogram = this.at(area).fillMinutes;
      histogram[minutes] = (histogram[minutes] ?? 0) + 1;
    }
  }

  /** Every area that saw any fact, with its distinct counts settled. */
  finish(): Map<string, RollupFigures> {
    for (const [area, kinds] of this.distinct) {
      const figures = this.at(area);
      for (const [kind, set] of kinds) figures[kind] = set.size;
    }
    return this.figures;
  }

  private at(area: string): RollupFigures {
    let figures = this.figures.get(area);
    if (!figures) this.figures.set(area, (figures = emptyFigures()));
    return figures;
  }
}
