/** km per degree of latitude (and of longitude at the equator). */
export const KM_PER_DEGREE = 111.32;

/**
 * A regular grid over the volunteers' bounding box: cells of `cellDeg` degrees (0.01° ≈ 1.1 km
 * north–south, ≈ 0.96 km east–west in Chengdu), numbered row-major. Rows of the index are sorted by
 * cell, so a cell's volunteers are one contiguous range.
 */
export interface GridSpec {
  lat0: number;
  lng0: number;
  cellDeg: number;
  rows: number;
  cols: number;
}

export const DEFAULT_CELL_DEG = 0.01;

export function gridFor(lat: Float32Array, lng: Float32Array, count: number, cellDeg = DEFAULT_CELL_DEG): GridSpec {
  let minLat = Infinity;
  let maxLat = -Infinity;
  let minLng = Infinity;
  let maxLng = -Infinity;
  for (let i = 0; i < count; i++) {
    minLat = Math.min(minLat, lat[i]!);
    maxLat = Math.max(maxLat, lat[i]!);
    minLng = Math.min(minLng, lng[i]!);
    maxLng = Math.max(maxLng, lng[i]!);
  }
  if (count === 0) [minLat, maxLat, minLng, maxLng] = [30.66, 30.66, 104.07, 104.07];
  const lat0 = Math.floor(minLat / cellDeg) * cellDeg - cellDeg;
  const lng0 = Math.floor(minLng / cellDeg) * cellDeg - cellDeg;
  return {
    lat0, lng0, cellDeg,
    rows: Math.ceil((maxLat - lat0) / cellDeg) + 2,
    cols: Math.ceil((maxLng - lng0) / cellDeg) + 2,
  };
}

export function cellRow(grid: GridSpec, lat: number): number {
  return Math.min(grid.rows - 1, Math.max(0, Math.floor((lat - grid.lat0) / grid.cellDeg)));
}

export function cellCol(grid: GridSpec, lng: number): number {
  return Math.min(grid.cols - 1, Math.max(0, Math.floor((lng - grid.lng0) / grid.cellDeg)));
}

export function cellOf(grid: GridSpec, lat: number, lng: number): number {
  return cellRow(grid, lat) * grid.cols + cellCol(grid, lng);
}
