import { ID_BYTES } from './columns';

const EMPTY = 0;

/**
 * Id → row, as an open-addressing hash table in one Uint32Array (slot = row + 1, 0 = empty) at most
 * 60% full: about 7 bytes per volunteer, built in one pass, and stored in the snapshot as it is.
 */
export class IdTable {
  constructor(readonly slots: Uint32Array) {}

  static build(ids: Uint8Array, count: number): IdTable {
    let size = 1024;
    while (size * 0.6 < count) size *= 2;
    const table = new IdTable(new Uint32Array(size));
    for (let row = 0; row < count; row++) table.insert(ids, row);
    return table;
  }

  /** The row holding `hex`, or -1. */
  find(ids: Uint8Array, hex: string): number {
    if (!/^[0-9a-f]{24}$/.test(hex)) return -1;
    const key = Buffer.from(hex, 'hex');
    const mask = this.slots.length - 1;
    for (let slot = hashOf(key, 0) & mask; ; slot = (slot + 1) & mask) {
      const value = this.slots[slot]!;
      if (value === EMPTY) return -1;
      if (equalsAt(ids, value - 1, key)) return value - 1;
    }
  }

  private insert(ids: Uint8Array, row: number): void {
    const mask = this.slots.length - 1;
    let slot = hashOf(ids, row * ID_BYTES) & mask;
    while (this.slots[slot] !== EMPTY) slot = (slot + 1) & mask;
    this.slots[slot] = row + 1;
  }
}

/** FNV-1a over the 12 id bytes: ObjectIds' low bytes are random, their high bytes a timestamp. */
function hashOf(bytes: Uint8Array, offset: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < ID_BYTES; i++) hash = Math.imul(hash ^ bytes[offset + i]!, 0x01000193);
  return hash >>> 0;
}

function equalsAt(ids: Uint8Array, row: number, key: Uint8Array): boolean {
  const offset = row * ID_BYTES;
  for (let i = 0; i < ID_BYTES; i++) if (ids[offset + i] !== key[i]) return false;
  return true;
}
