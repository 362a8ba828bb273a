import { distanceMetres, type GeoPoint } from '@tongxin/shared';

/** Cell edge in degrees: about 1.1 km north-south, 0.95 km east-west at Chengdu's latitude. */
const CELL_DEGREES = 0.01;
const KM_PER_DEGREE_LAT = 111.2;

export interface Located {
  id: string;
  location: GeoPoint;
}

export interface Nearby<T> {
  item: T;
  distanceMetres: number;
}

const cellKey = (row: number, col: number) => row * 100_000 + col;
const METRES_PER_DEGREE = KM_PER_DEGREE_LAT * 1000;
const RAD = Math.PI / 180;
/**
 * A flat-earth distance (the centre's scale for longitude) rejects most of the box's points before
 * the haversine: within 20 km at Chengdu's latitude it is within 0.3 % of the great-circle
 * distance, so a 2 % margin never rejects a point inside the radius.
 */
const PREFILTER_MARGIN = 1.02;

/**
 * A cell's points, with their coordinates copied into arrays of doubles beside them: the scan of every
 * query reads only those (contiguous in memory), and touches a point's own objects, spread over the
 * heap, only for the few that pass the distance prefilter.
 */
interface Cell<T> {
  items: T[];
  lats: number[];
  lngs: number[];
}

/**
 * An in-memory uniform grid over points, for "nearest within r km" at city scale: a query visits
 * only the cells the circle touches, so 10,000 points answer in microseconds. Items are replaced by
 * id (a moved point changes cells). kdbush/geokdbush would do the same but ship as ES modules only,
 * which this CommonJS server cannot `require`; a grid also takes single-point updates, which a
 * static kd-tree cannot.
 */
export class GridIndex<T extends Located> {
  // Cells hold a few dozen points each: iterating them is the hot loop of every query.
  private readonly cells = new Map<number, Cell<T>>();
  private readonly byId = new Map<string, T>();

  get size(): number {
    return this.byId.size;
  }

  get(id: string): T | undefined {
    return this.byId.get(id);
  }

  upsert(item: T): void {
    this.remove(item.id);
    this.byId.set(item.id, item);
    const key = cellKey(...this.cellOf(item.location));
    let cell = this.cells.get(key);
    if (!cell) this.cells.set(key, (cell = { items: [], lats: [], lngs: [] }));
    cell.items.push(item);
    cell.lats.push(item.location.lat);
    cell.lngs.push(item.location.lng);
  }

  remove(id: string): void {
    const existing = this.byId.get(id);
    if (!existing) return;
    this.byId.delete(id);
    const key = cellKey(...this.cellOf(existing.location));
    const cell = this.cells.get(key);
    if (!cell) return;
    // Order within a cell does not matter (queries sort), so the last item fills the gap.
    const at = cell.items.indexOf(existing);
    if (at < 0) return;
    const last = cell.items.length - 1;
    cell.items[at] = cell.items[last]!;
    cell.lats[at] = cell.lats[last]!;
    cell.lngs[at] = cell.lngs[last]!;
    cell.items.pop();
    cell.lats.pop();
    cell.lngs.pop();
    if (cell.items.length === 0) this.cells.delete(key);
  }

  /**
   * The `limit` nearest items within `radiusKm` of `center` that pass `accept`, nearest first (ties by
   * id): the first `limit` of what a full sort of every such item gives. Only a bounded heap of the
   * best so far is kept, so a 3 km query that finds a few hundred points sorts 20, not all of them.
   */
  within(center: GeoPoint, radiusKm: number, accept: (item: T) => boolean = () => true, limit = Infinity): Array<Nearby<T>> {
    const [row, col] = this.cellOf(center);
    const rows = Math.ceil(radiusKm / KM_PER_DEGREE_LAT / CELL_DEGREES);
    const kmPerDegreeLng = KM_PER_DEGREE_LAT * Math.cos((center.lat * Math.PI) / 180);
    const cols = Math.ceil(radiusKm / kmPerDegreeLng / CELL_DEGREES);
    const limitMetres = radiusKm * 1000;
    const roughLimitSquared = (limitMetres * PREFILTER_MARGIN) ** 2;
    const metresPerDegreeLng = METRES_PER_DEGREE * Math.cos(center.lat * RAD);
    const best = new NearestHeap<T>(limit);
    for (let r = row - rows; r <= row + rows; r++) {
      for (let c = col - cols; c <= col + cols; c++) {
        const cell = this.cells.get(cellKey(r, c));
        if (!cell) continue;
        const { items, lats, lngs } = cell;
        for (let i = 0; i < items.length; i++) {
          const dy = (lats[i]! - center.lat) * METRES_PER_DEGREE;
          const dx = (lngs[i]! - center.lng) * metresPerDegreeLng;
          const roughSquared = dx * dx + dy * dy;
          // Outside the circle, or (the page being full) clearly farther than its farthest point: no haversine.
          if (roughSquared > roughLimitSquared || roughSquared > best.roughBoundSquared) continue;
          const item = items[i]!;
          const metres = distanceMetres(center, item.location);
          if (metres <= limitMetres && best.admits(metres, item.id) && accept(item)) best.add(item, metres);
        }
      }
    }
    return best.sorted();
  }

  private cellOf({ lat, lng }: GeoPoint): [number, number] {
    return [Math.floor(lat / CELL_DEGREES), Math.floor(lng / CELL_DEGREES)];
  }
}

/** Whether `a` comes after `b` in the answer's order: farther, or as far with the greater id. */
const after = <T extends Located>(a: Nearby<T>, b: Nearby<T>) =>
  a.distanceMetres > b.distanceMetres || (a.distanceMetres === b.distanceMetres && a.item.id > b.item.id);

/**
 * The `limit` nearest items seen so far: a binary max-heap (the farthest kept at the root, the one
 * a nearer item replaces), unbounded when `limit` is Infinity.
 */
class NearestHeap<T extends Located> {
  private readonly heap: Array<Nearby<T>> = [];
  /**
   * The square of the flat-earth distance beyond which no point can be admitted any more: the
   * farthest kept point's distance with the prefilter's margin once the heap is full, else Infinity.
   */
  roughBoundSquared = Infinity;

  constructor(private readonly limit: number) {}

  /** Whether an item this far, with this id, would be kept. */
  admits(metres: number, id: string): boolean {
    if (this.heap.length < this.limit) return true;
    const root = this.heap[0];
    if (!root) return false;
    return metres < root.distanceMetres || (metres === root.distanceMetres && id < root.item.id);
  }

  /** Keeps an item `admits` let in, dropping the farthest when full. */
  add(item: T, distanceMetres: number): void {
    const entry = { item, distanceMetres };
    if (this.limit === Infinity) {
      this.heap.push(entry);
      return;
    }
    if (this.heap.length < this.limit) {
      this.heap.push(entry);
      this.siftUp(this.heap.length - 1);
    } else {
      this.heap[0] = entry;
      this.siftDown(0);
    }
    if (this.heap.length === this.limit) this.roughBoundSquared = (this.heap[0]!.distanceMetres * PREFILTER_MARGIN) ** 2;
  }

  sorted(): Array<Nearby<T>> {
    return this.heap.sort((a, b) => a.distanceMetres - b.distanceMetres || (a.item.id < b.item.id ? -1 : 1));
  }

  private siftUp(at: number): void {
    const heap = this.heap;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!after(heap[at]!, heap[parent]!)) return;
      const moved = heap[at]!;
      heap[at] = heap[parent]!;
      heap[parent] = moved;
      at = parent;
    }
  }

  private siftDown(at: number): void {
    const heap = this.heap;
    for (;;) {
      const left = 2 * at + 1;
      const right = left + 1;
      let farthest = at;
      if (left < heap.length && after(heap[left]!, heap[farthest]!)) farthest = left;
      if (right < heap.length && after(heap[right]!, heap[farthest]!)) farthest = right;
      if (farthest === at) return;
      const moved = heap[at]!;
      heap[at] = heap[farthest]!;
      heap[farthest] = moved;
      at = farthest;
    }
  }
}
