import type { CareMapItem } from '@tongxin/shared';
import type { IndexedPoint } from './care-points.directory';

/** An item of the care map beside the loaded point it was made from. */
export interface FoundPoint {
  source: IndexedPoint;
  item: CareMapItem;
}

/** A point's fixed fields as JSON, around the distance: `{"id":…,"location":{…},"distanceKm":` and `,"modes":…`. */
interface Fragments {
  head: Buffer;
  tail: Buffer;
}

// Per loaded version of a point: a change reloads it as a new IndexedPoint, so a stale entry is never read.
const fragments = new WeakMap<IndexedPoint, Fragments>();

function fragmentsOf({ source, item }: FoundPoint): Fragments {
  let found = fragments.get(source);
  if (!found) {
    // From the item itself, in its own key order: what JSON.stringify(item) writes, cut around the distance.
    const { id, kind, name, address, location, modes, contactPhone, accessibilityNotes } = item;
    const head = JSON.stringify({ id, kind, name, address, location }).slice(0, -1);
    const tail = JSON.stringify({ modes, contactPhone, accessibilityNotes }).slice(1, -1);
    found = { head: Buffer.from(`${head},"distanceKm":`), tail: Buffer.from(tail && `,${tail}`) };
    fragments.set(source, found);
  }
  return found;
}

const OPEN = Buffer.from('{"items":[');
const CLOSE = Buffer.from(']}');

/**
 * The care map's answer, byte for byte what JSON.stringify({ items }) gives, written into one buffer
 * from each point's fixed fields serialized once (name, address, modes: most of the bytes) and only
 * the distance and the meal (places left, price) serialized per query: no 20-point object graph
 * stringified and re-encoded per request.
 */
export function careMapJson(found: FoundPoint[]): Buffer {
  const parts: Array<Buffer | string> = [OPEN];
  let length = OPEN.length + CLOSE.length;
  for (let i = 0; i < found.length; i++) {
    const { head, tail } = fragmentsOf(found[i]!);
    const { distanceKm, meal } = found[i]!.item;
    const distance = JSON.stringify(distanceKm);
    const rest = meal ? `,"meal":${JSON.stringify(meal)}}` : '}';
    if (i > 0) {
      parts.push(',');
      length += 1;
    }
    parts.push(head, distance, tail, rest);
    length += head.length + distance.length + tail.length + Buffer.byteLength(rest);
  }
  parts.push(CLOSE);
  const out = Buffer.allocUnsafe(length);
  let at = 0;
  for (const part of parts) at += typeof part === 'string' ? out.write(part, at) : part.copy(out, at);
  return out;
}
