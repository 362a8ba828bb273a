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
 * An in-memory uniform grid over points, for "nearest within r km" at city scale: a query visits
 * only the cells the circle touches, so 10,000 points answer in microseconds. Items are replaced by
 * id (a moved point changes cells). kdbush/geokdbush would do the same but ship as ES modules only,
 * which this CommonJS server cannot `require`; a grid also takes single-point updates, which a
 * static kd-tree cannot.
 */
export class GridIndex<T extends Located> {
  // Cells hold arrays (a few dozen points each): iterating them is the hot loop of every query.
  private readonly cells = new Map<number, T[]>();
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
    if (!cell) this.cells.set(key, (cell = []));
    cell.push(item);
  }

  remove(id: string): void {
    const existing = this.byId.get(id);
    if (!existing) return;
    this.byId.delete(id);
    const key = cellKey(...this.cellOf(existing.location));
    const cell = this.cells.get(key);
    if (!cell) return;
    // Order within a cell does not matter (queries sort), so the last item fills the gap.
    const at = cell.indexOf(existing);
    if (at < 0) return;
    cell[at] = cell[cell.length - 1]!;
    cell.pop();
    if (cell.length === 0) this.cells.delete(key);
  }

  /** Every item within `radiusKm` of `center` that passes `accept`, nearest first (ties by id). */
  within(center: GeoPoint, radiusKm: number, accept: (item: T) => boolean = () => true): Array<Nearby<T>> {
    const [row, col] = this.cellOf(center);
    const rows = Math.ceil(radiusKm / KM_PER_DEGREE_LAT / CELL_DEGREES);
    const kmPerDegreeLng = KM_PER_DEGREE_LAT * Math.cos((center.lat * Math.PI) / 180);
    const cols = Math.ceil(radiusKm / kmPerDegreeLng / CELL_DEGREES);
    const limitMetres = radiusKm * 1000;
    const roughLimitSquared = (limitMetres * PREFILTER_MARGIN) ** 2;
    const metresPerDegreeLng = METRES_PER_DEGREE * Math.cos(center.lat * RAD);
    const found: Array<Nearby<T>> = [];
    for (let r = row - rows; r <= row + rows; r++) {
      for (let c = col - cols; c <= col + cols; c++) {
        const cell = this.cells.get(cellKey(r, c));
        if (!cell) continue;
        for (const item of cell) {
          const dy = (item.location.lat - center.lat) * METRES_PER_DEGREE;
          const dx = (item.location.lng - center.lng) * metresPerDegreeLng;
          if (dx * dx + dy * dy > roughLimitSquared) continue;
          const metres = distanceMetres(center, item.location);
          if (metres <= limitMetres && accept(item)) found.push({ item, distanceMetres: metres });
        }
      }
    }
    return found.sort((a, b) => a.distanceMetres - b.distanceMetres || (a.item.id < b.item.id ? -1 : 1));
  }

  private cellOf({ lat, lng }: GeoPoint): [number, number] {
    return [Math.floor(lat / CELL_DEGREES), Math.floor(lng / CELL_DEGREES)];
  }
}
