import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { VolunteerColumns } from './columns';
import type { GridSpec } from './grid';
import { IdTable } from './id-table';
import { MatchIndex, type BusySpan } from './match-index';

const MAGIC = 'TXMATCH1';
export const SNAPSHOT_VERSION = 1;
const ALIGN = 8;

/** What a snapshot says about itself (a JSON header after the magic bytes). */
export interface SnapshotHeader {
  version: number;
  count: number;
  grid: GridSpec;
  /** When the index was taken (ms). */
  takenAt: number;
  /** Newest profile `updatedAt` (ms) it holds: the catch-up reads profiles changed after this. */
  profilesUpdatedAt: number;
  /** Start (ms) of the week its loads count; other weeks' loads are dropped at load. */
  weekStart: number;
  busy: Array<[string, BusySpan[]]>;
  sections: Array<{ name: string; offset: number; byteLength: number }>;
  /** SHA-256 (hex) of the body: every section, in order. */
  sha256: string;
}

export interface SnapshotMeta {
  profilesUpdatedAt: number;
  weekStart: number;
}

const pad = (n: number) => (n + ALIGN - 1) & ~(ALIGN - 1);

/**
 * Writes the index as: "TXMATCH1", u32 header length, header JSON, padding, then the typed arrays
 * back to back (8-byte aligned), so loading is one read, one hash and typed-array views on the buffer.
 * Written to a temporary file and renamed: a reader never sees half a snapshot.
 */
export async function writeSnapshot(file: string, index: MatchIndex, meta: SnapshotMeta): Promise<number> {
  const compact = index.overlay.count > 0 ? rebuild(index) : index;
  const views: Array<[string, ArrayBufferView]> = [
    ...compact.main.arrays().map(([name, array]) => [name, sliceTo(array, compact.main.count, name)] as [string, ArrayBufferView]),
    ['cellStart', compact.cellStart], ['idTable', compact.ids.slots],
  ];
  const sections: SnapshotHeader['sections'] = [];
  let offset = 0;
  for (const [name, view] of views) {
    sections.push({ name, offset, byteLength: view.byteLength });
    offset = pad(offset + view.byteLength);
  }
  const body = Buffer.alloc(offset);
  for (const [i, [, view]] of views.entries()) body.set(new Uint8Array(view.buffer, view.byteOffset, view.byteLength), sections[i]!.offset);
  const header: SnapshotHeader = {
    version: SNAPSHOT_VERSION, count: compact.main.count, grid: compact.grid, takenAt: Date.now(), ...meta,
    busy: [...index.busy.entries()], sections, sha256: createHash('sha256').update(body).digest('hex'),
  };
  const headerBytes = Buffer.from(JSON.stringify(header));
  const preamble = Buffer.alloc(pad(MAGIC.length + 4 + headerBytes.length));
  preamble.write(MAGIC, 0, 'latin1');
  preamble.writeUInt32LE(headerBytes.length, MAGIC.length);
  headerBytes.copy(preamble, MAGIC.length + 4);
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, Buffer.concat([preamble, body]));
  await rename(temporary, file);
  return preamble.length + body.length;
}

/** Reads and verifies a snapshot; null when missing, of another version, or corrupt (checksum). */
export async function readSnapshot(file: string): Promise<{ index: MatchIndex; header: SnapshotHeader } | null> {
  const bytes = await readFile(file).catch(() => null);
  if (!bytes || bytes.length < MAGIC.length + 4 || bytes.toString('latin1', 0, MAGIC.length) !== MAGIC) return null;
  const headerLength = bytes.readUInt32LE(MAGIC.length);
  const header = JSON.parse(bytes.toString('utf8', MAGIC.length + 4, MAGIC.length + 4 + headerLength)) as SnapshotHeader;
  if (header.version !== SNAPSHOT_VERSION) return null;
  const bodyStart = pad(MAGIC.length + 4 + headerLength);
  // Own, aligned memory for the body (a pooled Buffer may start at any offset).
  const body = new Uint8Array(bytes.length - bodyStart);
  body.set(bytes.subarray(bodyStart));
  if (createHash('sha256').update(body).digest('hex') !== header.sha256) return null;
  const section = (name: string) => header.sections.find((s) => s.name === name)!;
  const columns = new VolunteerColumns(0);
  for (const [name, empty] of columns.arrays()) {
    const { offset, byteLength } = section(name);
    const Type = empty.constructor as new (buffer: ArrayBuffer, offset: number, length: number) => ArrayBufferView;
    const element = (empty as Uint8Array).BYTES_PER_ELEMENT;
    (columns as unknown as Record<string, ArrayBufferView>)[name] = new Type(body.buffer, offset, byteLength / element);
  }
  columns.count = header.count;
  const cells = section('cellStart');
  const table = section('idTable');
  const index = new MatchIndex(
    columns, header.grid, new Uint32Array(body.buffer, cells.offset, cells.byteLength / 4),
    new IdTable(new Uint32Array(body.buffer, table.offset, table.byteLength / 4)),
  );
  for (const [id, spans] of header.busy) index.busy.set(id, spans);
  return { index, header };
}

function sliceTo(array: ArrayBufferView, count: number, name: string): ArrayBufferView {
  const typed = array as Uint8Array;
  return typed.subarray(0, name === 'ids' ? count * 12 : count);
}

/** The index with its overlay folded into cell-sorted rows. */
export function rebuild(index: MatchIndex): MatchIndex {
  const staging = new VolunteerColumns(index.size);
  for (const entry of index.entries()) staging.push(entry);
  const rebuilt = MatchIndex.build(staging);
  for (const [id, spans] of index.busy) rebuilt.busy.set(id, spans);
  return rebuilt;
}
