import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { csvStream } from '../../../server/src/platform/csv';

describe('csvStream', () => {
  it('when 20,000 rows go to a slow reader, then rows are pulled only as fast as bytes leave (bounded memory) and every row arrives', async () => {
    // Enough that an unbounded producer would run thousands of rows ahead; small enough for a loaded CI core.
    const ROWS = 20_000;
    let produced = 0;
    let consumedBytes = 0;
    let maxInFlight = 0;
    let lines = 0;
    async function* rows() {
      for (let i = 0; i < ROWS; i++) {
        produced++;
        yield [`2026-11-${String((i % 28) + 1).padStart(2, '0')}`, `志愿者${i}`, '锦江区书院街街道幸福北社区', i, (i * 1.5).toFixed(2), '=SUM(A1)'];
      }
    }
    const heapBefore = process.memoryUsage().heapUsed;
    let heapPeak = heapBefore;
    const slowReader = new Writable({
      highWaterMark: 16 * 1024,
      write(chunk: Buffer, _encoding, done) {
        consumedBytes += chunk.length;
        for (const byte of chunk) if (byte === 0x0a) lines++;
        maxInFlight = Math.max(maxInFlight, produced - lines);
        if (lines % 2_000 < 10) heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
        setImmediate(done);
      },
    });
    await pipeline(csvStream(['日期', '姓名', '社区', '序号', '金额', '公式'], rows()), slowReader);
    expect(lines).toBe(ROWS + 1);
    expect(produced).toBe(ROWS);
    // Megabytes of CSV went through; only a few hundred rows were ever ahead of the reader.
    expect(consumedBytes).toBeGreaterThan(ROWS * 60);
    expect(maxInFlight).toBeLessThan(2_000);
    expect(heapPeak - heapBefore).toBeLessThan(64 * 1024 * 1024);
  }, 60_000);

  it('when cells are written, then a BOM leads, lines end in CRLF and formula-like text is made inert', async () => {
    const chunks: Buffer[] = [];
    await pipeline(csvStream(['名称', '数'], [['=1+1', 2], [null, undefined]]), new Writable({
      write(chunk: Buffer, _e, done) { chunks.push(chunk); done(); },
    }));
    expect(Buffer.concat(chunks).toString('utf8')).toBe('\uFEFF名称,数\r\n\'=1+1,2\r\n,\r\n');
  });
});
