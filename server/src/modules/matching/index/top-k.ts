import { compareIds, type VolunteerColumns } from './columns';

export interface Ranked {
  score: number;
  columns: VolunteerColumns;
  row: number;
}

/** The best `k` by score, ties to the smaller id; kept sorted (k is small, insertion is cheapest). */
export class TopK {
  readonly items: Ranked[] = [];

  constructor(private readonly k: number) {}

  get full(): boolean {
    return this.items.length >= this.k;
  }

  /** Score of the last kept item (−∞ while not full). */
  get worst(): number {
    return this.full ? this.items[this.items.length - 1]!.score : -Infinity;
  }

  /** Would this row enter the list? */
  accepts(score: number, columns: VolunteerColumns, row: number): boolean {
    if (this.k <= 0) return false;
    if (!this.full) return true;
    const last = this.items[this.items.length - 1]!;
    return score > last.score || (score === last.score && compareIds(columns.ids, row, last.columns.ids, last.row) < 0);
  }

  insert(score: number, columns: VolunteerColumns, row: number): void {
    let i = this.items.length;
    while (i > 0 && isBetter(score, columns, row, this.items[i - 1]!)) i--;
    this.items.splice(i, 0, { score, columns, row });
    if (this.items.length > this.k) this.items.pop();
  }
}

function isBetter(score: number, columns: VolunteerColumns, row: number, than: Ranked): boolean {
  return score > than.score || (score === than.score && compareIds(columns.ids, row, than.columns.ids, than.row) < 0);
}
