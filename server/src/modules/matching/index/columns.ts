/** Volunteer may be matched: a complete real-name profile that is not deactivated. */
export const FLAG_ACTIVE = 1;
/** A guardian's consent is on file (needed under 14). */
export const FLAG_CONSENT = 2;

/** `birthDay` of an unknown birth date: never passes an age rule. */
export const UNKNOWN_BIRTH_DAY = 0xffff;
/** `community` of a volunteer without a home community. */
export const NO_COMMUNITY = 0xffff;
export const ID_BYTES = 12;

/** One volunteer as the index holds it (see VolunteerColumns for units). */
export interface VolunteerEntry {
  /** 24 hex digits (the user id). */
  id: string;
  lat: number;
  lng: number;
  skills: number;
  availability: number;
  birthDay: number;
  flags: number;
  reliability: number;
  loadMinutes: number;
  invites: number;
  servedDays: number;
  community: number;
  radiusKm: number;
}

/**
 * Volunteers as parallel typed arrays, one per attribute, so a scan touches only the columns it
 * filters on. 37 bytes per volunteer: id 12, lat/lng 8 (float32, ~1 m), skills 2 (bit i = SKILLS[i]),
 * availability 4 (28-bit weekly mask), birthDay 2 (days since 1900-01-01), flags 1, reliability 1
 * (0–255), loadMinutes 2 (served or booked this week), invites 1 (this week), servedDays 1 (bit d =
 * weekday d served or booked this week), community 2 (index into the region tree's communities),
 * radiusKm 1 (the volunteer's own service radius).
 */
export class VolunteerColumns {
  ids: Uint8Array;
  lat: Float32Array;
  lng: Float32Array;
  skills: Uint16Array;
  availability: Uint32Array;
  birthDay: Uint16Array;
  flags: Uint8Array;
  reliability: Uint8Array;
  loadMinutes: Uint16Array;
  invites: Uint8Array;
  servedDays: Uint8Array;
  community: Uint16Array;
  radiusKm: Uint8Array;
  count = 0;

  constructor(capacity: number) {
    this.ids = new Uint8Array(capacity * ID_BYTES);
    this.lat = new Float32Array(capacity);
    this.lng = new Float32Array(capacity);
    this.skills = new Uint16Array(capacity);
    this.availability = new Uint32Array(capacity);
    this.birthDay = new Uint16Array(capacity);
    this.flags = new Uint8Array(capacity);
    this.reliability = new Uint8Array(capacity);
    this.loadMinutes = new Uint16Array(capacity);
    this.invites = new Uint8Array(capacity);
    this.servedDays = new Uint8Array(capacity);
    this.community = new Uint16Array(capacity);
    this.radiusKm = new Uint8Array(capacity);
  }

  get capacity(): number {
    return this.lat.length;
  }

  /** The typed arrays by name, in a fixed order (the snapshot's layout). */
  arrays(): Array<[string, ArrayBufferView]> {
    return [
      ['ids', this.ids], ['lat', this.lat], ['lng', this.lng], ['skills', this.skills], ['availability', this.availability],
      ['birthDay', this.birthDay], ['flags', this.flags], ['reliability', this.reliability], ['loadMinutes', this.loadMinutes],
      ['invites', this.invites], ['servedDays', this.servedDays], ['community', this.community], ['radiusKm', this.radiusKm],
    ];
  }

  bytesPerRow(): number {
    return this.arrays().reduce((sum, [, a]) => sum + a.byteLength, 0) / Math.max(1, this.capacity);
  }

  /** Appends a row, doubling the arrays when full; returns its index. */
  push(entry: VolunteerEntry): number {
    if (this.count === this.capacity) this.grow(Math.max(16, this.capacity * 2));
    const row = this.count++;
    this.set(row, entry);
    return row;
  }

  set(row: number, e: VolunteerEntry): void {
    writeId(this.ids, row, e.id);
    this.lat[row] = e.lat;
    this.lng[row] = e.lng;
    this.skills[row] = e.skills;
    this.availability[row] = e.availability;
    this.birthDay[row] = e.birthDay;
    this.flags[row] = e.flags;
    this.reliability[row] = e.reliability;
    this.loadMinutes[row] = Math.min(0xffff, e.loadMinutes);
    this.invites[row] = Math.min(0xff, e.invites);
    this.servedDays[row] = e.servedDays;
    this.community[row] = e.community;
    this.radiusKm[row] = Math.min(0xff, e.radiusKm);
  }

  get(row: number): VolunteerEntry {
    return {
      id: idAt(this.ids, row), lat: this.lat[row]!, lng: this.lng[row]!, skills: this.skills[row]!, availability: this.availability[row]!,
      birthDay: this.birthDay[row]!, flags: this.flags[row]!, reliability: this.reliability[row]!, loadMinutes: this.loadMinutes[row]!,
      invites: this.invites[row]!, servedDays: this.servedDays[row]!, community: this.community[row]!, radiusKm: this.radiusKm[row]!,
    };
  }

  /** Copies row `from` of `source` into row `to` of this. */
  copyRow(source: VolunteerColumns, from: number, to: number): void {
    this.ids.set(source.ids.subarray(from * ID_BYTES, from * ID_BYTES + ID_BYTES), to * ID_BYTES);
    for (const [name, array] of this.arrays()) {
      if (name === 'ids') continue;
      (array as Float32Array)[to] = (source[name as keyof VolunteerColumns] as Float32Array)[from]!;
    }
  }

  /** Shrinks the arrays to the rows in use. */
  trim(): void {
    if (this.count !== this.capacity) this.grow(this.count);
  }

  private grow(capacity: number): void {
    const next = new VolunteerColumns(capacity);
    const rows = Math.min(this.count, capacity);
    for (const [name, array] of this.arrays()) {
      const target = next[name as keyof VolunteerColumns] as Uint8Array;
      target.set((array as Uint8Array).subarray(0, name === 'ids' ? rows * ID_BYTES : rows));
    }
    Object.assign(this, { ...Object.fromEntries(next.arrays()) });
  }
}

export function writeId(ids: Uint8Array, row: number, hex: string): void {
  const offset = row * ID_BYTES;
  for (let i = 0; i < ID_BYTES; i++) ids[offset + i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
}

export function idAt(ids: Uint8Array, row: number): string {
  return Buffer.from(ids.buffer, ids.byteOffset + row * ID_BYTES, ID_BYTES).toString('hex');
}

/** Orders two rows' ids byte by byte (the same order as their hex strings). */
export function compareIds(a: Uint8Array, rowA: number, b: Uint8Array, rowB: number): number {
  const oa = rowA * ID_BYTES;
  const ob = rowB * ID_BYTES;
  for (let i = 0; i < ID_BYTES; i++) {
    const d = a[oa + i]! - b[ob + i]!;
    if (d !== 0) return d;
  }
  return 0;
}
