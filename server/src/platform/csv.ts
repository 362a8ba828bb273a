import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';

/** One CSV cell as a spreadsheet should read it; null and undefined become empty cells. */
export type CsvCell = string | number | null | undefined;

/** Text a spreadsheet would run as a formula is prefixed with an apostrophe (CSV injection). */
export function inert(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/**
 * Streams rows as CSV: UTF-8 with a byte-order mark (so Excel opens Chinese text correctly), a
 * header line, CRLF line ends, text cells made inert. Rows are pulled from the iterable only as
 * fast as the consumer reads, so memory stays bounded whatever the row count.
 */
export function csvStream(header: readonly string[], rows: AsyncIterable<readonly CsvCell[]> | Iterable<readonly CsvCell[]>): Readable {
  const stringifier = stringify({ bom: true, header: true, columns: [...header], record_delimiter: 'windows' });
  const source = Readable.from((async function* cells() {
    for await (const row of rows) yield row.map((cell) => (typeof cell === 'string' ? inert(cell) : cell ?? ''));
  })(), { objectMode: true });
  source.on('error', (err) => stringifier.destroy(err));
  return source.pipe(stringifier);
}
