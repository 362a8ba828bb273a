import { idAt, ID_BYTES, NO_COMMUNITY, VolunteerColumns, type VolunteerEntry } from './columns';
import { cellOf, gridFor, KM_PER_DEGREE, type GridSpec } from './grid';
import { IdTable } from './id-table';
import { fitWithin, scanRows, scoreBound, type PreparedQuery } from './scoring';
import { searchPasses, type SearchPass } from './search-passes';
import { SkillPostings } from './skill-postings';
import { TopK, type Ranked } from './top-k';

/** A sign-up the volunteer holds: an overlapping shift is refused. Times in ms. */
export interface BusySpan {
  shiftId: string;
  start: number;
  end: number;
  /** A place (counts towards the weekly load), not a waitlist spot. */
  enrolled: boolean;
}

/** What a search touched (for profiling): cells and rows read, and the K-th score after each pass (−1 while not full). */
export interface SearchTrace {
  cells: number;
  rows: number;
  passes: number[];
}

/** What rules a row out beyond its columns: ids already asked, and the shift's time for the overlap check. */
export interface QueryContext {
  exclude?: ReadonlySet<string>;
  startMs: number;
  endMs: number;
}

/**
 * The matching index: the bulk of volunteers in cell-sorted columns (`main`), a cell → row-range
 * table, an id table, and a small unsorted `overlay` for volunteers added or moved since the build
 * (scanned whole by every query; folded into `main` when the index is rebuilt or snapshotted).
 * A moved or deactivated volunteer's `main` row is switched off (flags 0), never removed.
 */
export class MatchIndex {
  readonly overlay = new VolunteerColumns(64);
  private readonly overlayRows = new Map<string, number>();
  readonly busy = new Map<string, BusySpan[]>();
  /** Per cell, the union of its rows' skills and their best reliability: upper bounds that let a query skip the cell. */
  private readonly cellSkills: Uint16Array;
  private readonly cellReliability: Uint8Array;
  private bestReliability = 0;
  /** Per community (index), the grid rows and columns its `main` rows span: [row0, row1, col0, col1]; the community bonus is bounded to them. */
  private communityCells = new Uint16Array(0);
  /** Per cell and skill, the rows holding it. */
  readonly postings: SkillPostings;

  constructor(
    readonly main: VolunteerColumns,
    readonly grid: GridSpec,
    /** Rows of cell c are [cellStart[c], cellStart[c + 1]). */
    readonly cellStart: Uint32Array,
    readonly ids: IdTable,
  ) {
    const cells = cellStart.length - 1;
    this.cellSkills = new Uint16Array(cells);
    this.cellReliability = new Uint8Array(cells);
    this.postings = SkillPostings.build(main.skills, cellStart);
    for (let cell = 0; cell < cells; cell++) {
      for (let r = cellStart[cell]!, end = cellStart[cell + 1]!; r < end; r++) this.widenCell(cell, r);
    }
  }

  /** Sorts `staging` by cell into a new index (counting sort: two passes). */
  static build(staging: VolunteerColumns): MatchIndex {
    const count = staging.count;
    const grid = gridFor(staging.lat, staging.lng, count);
    const cells = new Uint32Array(count);
    const cellStart = new Uint32Array(grid.rows * grid.cols + 1);
    for (let r = 0; r < count; r++) {
      cells[r] = cellOf(grid, staging.lat[r]!, staging.lng[r]!);
      cellStart[cells[r]! + 1]! += 1;
    }
    for (let c = 1; c < cellStart.length; c++) cellStart[c]! += cellStart[c - 1]!;
    const next = cellStart.slice(0, -1);
    const order = new Uint32Array(count);
    for (let r = 0; r < count; r++) order[next[cells[r]!]!++] = r;
    const main = permute(staging, order);
    return new MatchIndex(main, grid, cellStart, IdTable.build(main.ids, count));
  }

  get size(): number {
    return this.main.count + this.overlay.count;
  }

  /** Index bytes per volunteer: columns, cell table and id table. */
  bytesPerVolunteer(): number {
    const bytes = this.main.arrays().reduce((sum, [, a]) => sum + a.byteLength, 0)
      + this.cellStart.byteLength + this.ids.slots.byteLength + this.postings.byteLength
      + this.cellSkills.byteLength + this.cellReliability.byteLength + this.communityCells.byteLength
      + this.overlay.arrays().reduce((sum, [, a]) => sum + a.byteLength, 0);
    return bytes / Math.max(1, this.size);
  }

  /**
   * The best `q.limit` candidates: the overlay whole, then the cells within the radius nearest first,
   * in passes by skill fit (search-passes.ts); a pass stops once no farther cell can beat the last
   * kept and skips a cell whose skills, reliability and community cannot.
   */
  search(q: PreparedQuery, context: QueryContext, trace?: SearchTrace): Ranked[] {
    const top = new TopK(q.limit);
    scanRows(this.overlay, 0, this.overlay.count, q, this.visitor(top, this.overlay, context));
    const ring = this.cellsWithin(q);
    const visitMain = this.visitor(top, this.main, context);
    const community = this.communityReach(q);
    for (const pass of searchPasses(q, this.postings)) this.sweep(pass, ring, community, q, top, visitMain, trace);
    return top.items;
  }

  private sweep(pass: SearchPass, ring: Ring, community: CommunityReach, q: PreparedQuery, top: TopK, visit: (r: number, score: number) => void, trace?: SearchTrace): void {
    const { cells, distances } = ring;
    const { cols } = this.grid;
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i]!;
      const skills = this.cellSkills[cell]!;
      if (top.full) {
        // Cells come nearest first: once even a perfect row of this pass this far cannot rank, none farther can.
        const distance = distances[i]!;
        if (scoreBound(distance, q, pass.fitMax, this.bestReliability, distance <= community.farKm) < top.worst) break;
        const row = (cell / cols) | 0;
        const col = cell - row * cols;
        const bonus = row >= community.row0 && row <= community.row1 && col >= community.col0 && col <= community.col1;
        if (scoreBound(distance, q, Math.min(pass.fitMax, fitWithin(skills, q)), this.cellReliability[cell]!, bonus) < top.worst) continue;
      }
      const first = this.cellStart[cell]!;
      for (const { skill, filter } of pass.sources) {
        if ((skills & filter.need) !== filter.need) continue;
        if (skill < 0) scanRows(this.main, first, this.cellStart[cell + 1]!, q, visit, filter);
        else scanRows(this.main, this.postings.from(cell, skill), this.postings.to(cell, skill), q, visit, filter, this.postings.offsets, first);
        if (trace) trace.rows += skill < 0 ? this.cellStart[cell + 1]! - first : this.postings.to(cell, skill) - this.postings.from(cell, skill);
      }
      if (trace) trace.cells += 1;
    }
    if (trace) trace.passes.push(top.full ? Number(top.worst.toFixed(3)) : -1);
  }

  /** The cells where the query's community has rows, and how far its farthest corner lies. */
  private communityReach(q: PreparedQuery): CommunityReach {
    const at = q.community * 4;
    const box = this.communityCells;
    if (q.community < 0 || at + 3 >= box.length || box[at]! > box[at + 1]!) return NO_COMMUNITY_REACH;
    const { lat0, lng0, cellDeg } = this.grid;
    const [row0, row1, col0, col1] = [box[at]!, box[at + 1]!, box[at + 2]!, box[at + 3]!];
    const dy = Math.max(Math.abs(lat0 + row0 * cellDeg - q.lat), Math.abs(lat0 + (row1 + 1) * cellDeg - q.lat)) * KM_PER_DEGREE;
    const dx = Math.max(Math.abs(lng0 + col0 * cellDeg - q.lng), Math.abs(lng0 + (col1 + 1) * cellDeg - q.lng)) * q.kmPerDegreeLng;
    return { row0, row1, col0, col1, farKm: Math.sqrt(dx * dx + dy * dy) * (1 + 1e-9) + 1e-9 };
  }

  /** The same answer by scanning every row: the baseline the index is checked and measured against. */
  scan(q: PreparedQuery, context: QueryContext): Ranked[] {
    const top = new TopK(q.limit);
    scanRows(this.overlay, 0, this.overlay.count, q, this.visitor(top, this.overlay, context));
    scanRows(this.main, 0, this.main.count, q, this.visitor(top, this.main, context));
    return top.items;
  }

  /** Where a volunteer's current row is, if indexed. */
  locate(id: string): { columns: VolunteerColumns; row: number } | null {
    const overlayRow = this.overlayRows.get(id);
    if (overlayRow !== undefined) return { columns: this.overlay, row: overlayRow };
    const row = this.ids.find(this.main.ids, id);
    return row >= 0 ? { columns: this.main, row } : null;
  }

  /**
   * Adds or replaces a volunteer. Staying in the same cell, the `main` row is rewritten in place;
   * otherwise the `main` row is switched off and the volunteer lives in the overlay.
   */
  upsert(entry: VolunteerEntry): void {
    const overlayRow = this.overlayRows.get(entry.id);
    if (overlayRow !== undefined) return this.overlay.set(overlayRow, entry);
    const row = this.ids.find(this.main.ids, entry.id);
    // In place only within its cell and with the same skills (the skill lists stay exact).
    if (row >= 0 && this.inCell(row, entry) && this.main.skills[row] === entry.skills) return this.setRow(this.main, row, entry);
    if (row >= 0) this.main.flags[row] = 0;
    this.overlayRows.set(entry.id, this.overlay.push(entry));
  }

  /** Rewrites a row in place (its cell unchanged), keeping the cell's bounds valid. */
  setRow(columns: VolunteerColumns, row: number, entry: VolunteerEntry): void {
    columns.set(row, entry);
    if (columns === this.main) this.widenCell(cellOf(this.grid, this.main.lat[row]!, this.main.lng[row]!), row);
  }

  private widenCell(cell: number, row: number): void {
    this.cellSkills[cell]! |= this.main.skills[row]!;
    const reliability = this.main.reliability[row]!;
    if (reliability > this.cellReliability[cell]!) this.cellReliability[cell] = reliability;
    if (reliability > this.bestReliability) this.bestReliability = reliability;
    const community = this.main.community[row]!;
    if (community === NO_COMMUNITY) return;
    if (community * 4 + 3 >= this.communityCells.length) this.growCommunities(community + 1);
    const box = this.communityCells;
    const at = community * 4;
    const gridRow = Math.floor(cell / this.grid.cols);
    const gridCol = cell - gridRow * this.grid.cols;
    if (gridRow < box[at]!) box[at] = gridRow;
    if (gridRow > box[at + 1]!) box[at + 1] = gridRow;
    if (gridCol < box[at + 2]!) box[at + 2] = gridCol;
    if (gridCol > box[at + 3]!) box[at + 3] = gridCol;
  }

  /** Room for `count` communities; a community without rows spans nothing (row0 > row1). */
  private growCommunities(count: number): void {
    const next = new Uint16Array(Math.max(count, (this.communityCells.length / 4) * 2, 1024) * 4);
    for (let i = 0; i < next.length; i += 4) next.set([0xffff, 0, 0xffff, 0], i);
    next.set(this.communityCells);
    this.communityCells = next;
  }

  /** Switches a volunteer off (deactivated, or no longer locatable). */
  deactivate(id: string): void {
    const at = this.locate(id);
    if (at) at.columns.flags[at.row] = 0;
  }

  /** Every current row, overlay included, as entries (for snapshots and rebuilds). */
  *entries(): Generator<VolunteerEntry> {
    for (let r = 0; r < this.main.count; r++) {
      if (this.overlayRows.has(idAt(this.main.ids, r))) continue;
      yield this.main.get(r);
    }
    for (let r = 0; r < this.overlay.count; r++) yield this.overlay.get(r);
  }

  /** True when the entry's point falls in the cell whose row range holds `row` (so the row may stay where it is). */
  private inCell(row: number, entry: VolunteerEntry): boolean {
    const { lat0, lng0, cellDeg, rows, cols } = this.grid;
    const cellRow = Math.floor((Math.fround(entry.lat) - lat0) / cellDeg);
    const cellCol = Math.floor((Math.fround(entry.lng) - lng0) / cellDeg);
    if (cellRow < 0 || cellRow >= rows || cellCol < 0 || cellCol >= cols) return false;
    const cell = cellRow * cols + cellCol;
    return row >= this.cellStart[cell]! && row < this.cellStart[cell + 1]!;
  }

  /** Keeps a passing row when it would rank and no id rule (asked already, busy then) rules it out. */
  private visitor(top: TopK, columns: VolunteerColumns, context: QueryContext) {
    return (r: number, score: number) => {
      if (!top.accepts(score, columns, r) || this.ruledOut(columns, r, context)) return;
      top.insert(score, columns, r);
    };
  }

  private ruledOut(columns: VolunteerColumns, r: number, context: QueryContext): boolean {
    if (context.exclude === undefined && this.busy.size === 0) return false;
    const id = idAt(columns.ids, r);
    if (context.exclude?.has(id)) return true;
    for (const span of this.busy.get(id) ?? []) if (span.start < context.endMs && context.startMs < span.end) return true;
    return false;
  }

  /**
   * Non-empty cells whose nearest point lies within the radius, nearest first. Each is one number,
   * its distance in 1/65,536 km rounded down times the cell count plus the cell, so one native sort
   * of a Float64Array orders them; the rounded-down distance is what the bounds use (never more than
   * the true one, so a bound stays a bound).
   */
  private cellsWithin(q: PreparedQuery): Ring {
    const { lat0, lng0, cellDeg, rows, cols } = this.grid;
    const dLat = q.radiusKm / KM_PER_DEGREE;
    const dLng = q.radiusKm / q.kmPerDegreeLng;
    const r0 = Math.max(0, Math.floor((q.lat - dLat - lat0) / cellDeg));
    const r1 = Math.min(rows - 1, Math.floor((q.lat + dLat - lat0) / cellDeg));
    const c0 = Math.max(0, Math.floor((q.lng - dLng - lng0) / cellDeg));
    const c1 = Math.min(cols - 1, Math.floor((q.lng + dLng - lng0) / cellDeg));
    const cellCount = rows * cols;
    const keys = new Float64Array(Math.max(0, (r1 - r0 + 1) * (c1 - c0 + 1)));
    let n = 0;
    for (let row = r0; row <= r1; row++) {
      const south = lat0 + row * cellDeg;
      const nearestLat = Math.min(Math.max(q.lat, south), south + cellDeg);
      const dy = (nearestLat - q.lat) * KM_PER_DEGREE;
      for (let col = c0; col <= c1; col++) {
        const cell = row * cols + col;
        if (this.cellStart[cell] === this.cellStart[cell + 1]) continue;
        const west = lng0 + col * cellDeg;
        const dx = (Math.min(Math.max(q.lng, west), west + cellDeg) - q.lng) * q.kmPerDegreeLng;
        const distance = Math.sqrt(dx * dx + dy * dy);
        if (distance <= q.radiusKm) keys[n++] = Math.floor(distance * DISTANCE_STEPS) * cellCount + cell;
      }
    }
    const sorted = keys.subarray(0, n).sort();
    const cells = new Int32Array(n);
    const distances = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const key = sorted[i]!;
      const steps = Math.floor(key / cellCount);
      cells[i] = key - steps * cellCount;
      distances[i] = steps / DISTANCE_STEPS;
    }
    return { cells, distances };
  }
}

/** Steps per km of the ring's distances. */
const DISTANCE_STEPS = 65_536;

/** The cells a query visits, nearest first, with the distance to each one's nearest point (km, rounded down). */
interface Ring {
  cells: Int32Array;
  distances: Float64Array;
}

/** Where the same-community bonus can be earned: a range of grid cells, and its farthest distance from the query. */
interface CommunityReach {
  row0: number;
  row1: number;
  col0: number;
  col1: number;
  farKm: number;
}

const NO_COMMUNITY_REACH: CommunityReach = { row0: 1, row1: 0, col0: 1, col1: 0, farKm: -1 };

/** A copy of `source` with rows in `order`, column by column (typed loops, no per-row objects). */
function permute(source: VolunteerColumns, order: Uint32Array): VolunteerColumns {
  const target = new VolunteerColumns(order.length);
  target.count = order.length;
  const from = new Map(source.arrays());
  for (const [name, array] of target.arrays()) {
    const src = from.get(name) as Uint32Array;
    const dst = array as Uint32Array;
    if (name === 'ids') {
      for (let i = 0; i < order.length; i++) {
        const o = order[i]! * ID_BYTES;
        dst.set(src.subarray(o, o + ID_BYTES), i * ID_BYTES);
      }
      continue;
    }
    for (let i = 0; i < order.length; i++) dst[i] = src[order[i]!]!;
  }
  return target;
}
