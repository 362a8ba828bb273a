import { SKILLS } from '@tongxin/shared';

/** Skills the index keeps lists for (bit i = SKILLS[i]; the mask is a Uint16, so at most 16). */
export const SKILL_COUNT = SKILLS.length;

/**
 * Per cell and skill, the cell's rows holding that skill: offsets from the cell's first row, in row
 * order, cell by cell and skill by skill in one array (Uint16 while no cell holds more than 65,536
 * rows). A query needing a skill reads its list instead of the whole cell, which matters where cells
 * hold thousands of volunteers and the skill is rare. About 1 entry per volunteer (most hold 0–2
 * skills): ~2 bytes, plus 4 bytes per cell and skill for the starts.
 * Built from the cell-sorted rows; rows whose skills change are moved to the overlay, so the lists
 * stay exact (a switched-off row stays listed and fails the flag check).
 */
export class SkillPostings {
  /** Rows of the index holding each skill (picks the rarest skill of a mask). */
  readonly totals = new Float64Array(SKILL_COUNT);

  private constructor(
    /** Entries of (cell c, skill s) are offsets[starts[c·SKILL_COUNT + s] .. starts[c·SKILL_COUNT + s + 1]). */
    readonly starts: Uint32Array,
    readonly offsets: Uint16Array | Uint32Array,
  ) {
    const cells = (starts.length - 1) / SKILL_COUNT;
    for (let c = 0; c < cells; c++) {
      for (let s = 0; s < SKILL_COUNT; s++) this.totals[s]! += starts[c * SKILL_COUNT + s + 1]! - starts[c * SKILL_COUNT + s]!;
    }
  }

  static build(skills: Uint16Array, cellStart: Uint32Array): SkillPostings {
    const cells = cellStart.length - 1;
    const starts = new Uint32Array(cells * SKILL_COUNT + 1);
    let widest = 0;
    for (let c = 0; c < cells; c++) {
      const first = cellStart[c]!;
      const end = cellStart[c + 1]!;
      widest = Math.max(widest, end - first);
      for (let r = first; r < end; r++) {
        for (let held = skills[r]! & SKILL_BITS; held !== 0; held &= held - 1) starts[c * SKILL_COUNT + lowestBit(held) + 1]! += 1;
      }
    }
    for (let i = 1; i < starts.length; i++) starts[i]! += starts[i - 1]!;
    const offsets = widest <= 0x10000 ? new Uint16Array(starts[starts.length - 1]!) : new Uint32Array(starts[starts.length - 1]!);
    const next = starts.slice(0, -1);
    for (let c = 0; c < cells; c++) {
      const first = cellStart[c]!;
      for (let r = first, end = cellStart[c + 1]!; r < end; r++) {
        for (let held = skills[r]! & SKILL_BITS; held !== 0; held &= held - 1) offsets[next[c * SKILL_COUNT + lowestBit(held)]!++] = r - first;
      }
    }
    return new SkillPostings(starts, offsets);
  }

  from(cell: number, skill: number): number {
    return this.starts[cell * SKILL_COUNT + skill]!;
  }

  to(cell: number, skill: number): number {
    return this.starts[cell * SKILL_COUNT + skill + 1]!;
  }

  /** The skill of `mask` fewest volunteers hold (−1 for an empty mask). */
  rarest(mask: number): number {
    let best = -1;
    for (let held = mask & SKILL_BITS; held !== 0; held &= held - 1) {
      const s = lowestBit(held);
      if (best < 0 || this.totals[s]! < this.totals[best]!) best = s;
    }
    return best;
  }

  get byteLength(): number {
    return this.starts.byteLength + this.offsets.byteLength;
  }
}

const SKILL_BITS = (1 << SKILL_COUNT) - 1;

/** Index of the lowest set bit. */
export function lowestBit(mask: number): number {
  return 31 - Math.clz32(mask & -mask);
}
