// `npx tsx scripts/bench/match-profile.ts [--volunteers 2400000]`: where the slow matching queries go.
// The same synthetic city and shifts as `bench:match --phase memory` (cached as a snapshot under
// .data/matching, or `--snapshot FILE`, e.g. the one `bench:match --phase store` keeps), then per query: time, cells visited, rows scanned, candidates; the slowest listed.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { skillsFromMask } from '@tongxin/shared';
import type { MatchIndex, QueryContext, SearchTrace } from '../../server/src/modules/matching/index/match-index';
import type { PreparedQuery } from '../../server/src/modules/matching/index/scoring';
import { readSnapshot, writeSnapshot } from '../../server/src/modules/matching/index/snapshot';
import { generatedIndex, randomShifts } from './match-city';
import { percentile } from './match-baselines';

/** What one search touched. */
function traceSearch(index: MatchIndex, q: PreparedQuery, context: QueryContext) {
  const trace: SearchTrace = { cells: 0, rows: 0, passes: [] };
  const found = index.search(q, context, trace).length;
  return { ...trace, found };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { volunteers: { type: 'string', default: '2400000' }, queries: { type: 'string', default: '1000' }, slowest: { type: 'string', default: '25' }, snapshot: { type: 'string' } } });
  const volunteers = Number(values.volunteers);
  const file = values.snapshot ?? `.data/matching/profile-${volunteers}.snapshot`;
  await mkdir('.data/matching', { recursive: true });
  if (!existsSync(file)) await writeSnapshot(file, await generatedIndex(volunteers), { profilesUpdatedAt: 0, weekStart: 0 });
  const loadStarted = performance.now();
  const index = (await readSnapshot(file))!.index;
  let active = 0;
  for (let r = 0; r < index.main.count; r++) active += index.main.flags[r]! & 1;
  console.log(`${active} of ${index.size} active; snapshot loaded in ${((performance.now() - loadStarted) / 1000).toFixed(2)} s; ${index.bytesPerVolunteer().toFixed(1)} B/volunteer (skill lists ${(index.postings.byteLength / index.size).toFixed(2)})`);
  const queries = randomShifts(Number(values.queries));
  const context = (b: (typeof queries)[number]) => ({ startMs: b.startMs, endMs: b.endMs });
  for (const b of queries.slice(0, 50)) index.search(b.q, context(b));
  const cpu: number[] = [];
  const times = queries.map((b) => {
    const cpuStarted = process.cpuUsage();
    const started = performance.now();
    index.search(b.q, context(b));
    const took = performance.now() - started;
    const used = process.cpuUsage(cpuStarted);
    cpu.push((used.user + used.system) / 1000);
    return took;
  });
  console.log(`cpu p50 ${percentile(cpu, 50).toFixed(3)} ms, p99 ${percentile(cpu, 99).toFixed(3)} ms`);
  console.log(`p50 ${percentile(times, 50).toFixed(3)} ms, p90 ${percentile(times, 90).toFixed(3)}, p99 ${percentile(times, 99).toFixed(3)} ms, max ${Math.max(...times).toFixed(1)}`);
  const order = times.map((t, i) => i).sort((a, b) => times[b]! - times[a]!);
  for (const i of order.slice(0, Number(values.slowest))) {
    const b = queries[i]!;
    const stats = traceSearch(index, b.q, context(b));
    const again = Math.min(...[1, 2, 3, 4, 5].map(() => {
      const started = performance.now();
      index.search(b.q, context(b));
      return performance.now() - started;
    }));
    console.log(`${times[i]!.toFixed(2)} ms (again ${again.toFixed(2)}) ${b.rural ? 'rural  ' : 'central'} ${b.districtCode} req=[${skillsFromMask(b.q.requiredSkills).join(',')}] fit=${b.q.fitSkillCount} `
      + `slot=${b.q.slotMask.toString(2).length} ${JSON.stringify(stats)}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
