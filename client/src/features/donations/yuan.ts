/** Parses an amount typed in yuan ("50", "12.5", "0.01") to fen; null when it is not a plain amount with at most 2 decimals. */
export function yuanToFen(text: string): number | null {
  const match = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) return null;
  const [, whole = '0', cents = ''] = match;
  return Number(whole) * 100 + Number(cents.padEnd(2, '0'));
}

/** Fen as yuan for buttons and labels without the currency sign: 5000 → "50", 1250 → "12.5". */
export function fenToYuanText(fen: number): string {
  return (fen / 100).toFixed(2).replace(/\.?0+$/, '');
}

/** A fresh Idempotency-Key (8–64 of [A-Za-z0-9_-]): one per intended donation, reused when it is retried. */
export function newIdempotencyKey(): string {
  const random = Array.from({ length: 16 }, () => Math.floor(Math.random() * 36).toString(36)).join('');
  return `d-${Date.now().toString(36)}-${random}`;
}
