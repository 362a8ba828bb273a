/** Amount in fen (1/100 CNY): a non-negative safe integer. */
export type Fen = number;

export function isFen(value: unknown): value is Fen {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** Formats fen as yuan for display, e.g. 123456 -> "¥1,234.56". */
export function formatYuan(fen: Fen): string {
  if (!isFen(fen)) throw new RangeError(`not an amount in fen: ${fen}`);
  const yuan = Math.trunc(fen / 100).toLocaleString('en-US');
  return `¥${yuan}.${String(fen % 100).padStart(2, '0')}`;
}
