// `npm test`: installs what is missing, type-checks (shared, server, tests, client), checks for import cycles, builds the H5 site
// for the browser tests (and on a full run the mini-program, for its build and budget), then runs every jest project, and on a
// full run rehearses the multi-process shape. Jest's global
// setup starts the store and Redis when none is configured and stops what it started.
import { readFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { buildH5IfStale, buildServer, buildWeappIfStale, ensureDependencies, repoRoot, run } from './lib/project-steps.mjs';

const log = (line) => console.log(`[test] ${line}`);
const jestArgs = process.argv.slice(2);

ensureDependencies(log);
buildServer(log);
log('type-checking tests…');
run('npx', ['tsc', '-p', 'tests/tsconfig.json']);
log('type-checking the client…');
run('npm', ['run', 'typecheck', '-w', 'client']);
run('npx', ['tsc', '-p', 'tests/client/tsconfig.json']);
log('checking for circular imports…');
run('npx', ['madge', '--circular', '--extensions', 'ts', '--ts-config', 'tsconfig.json', 'shared/src', 'server/src']);
buildH5IfStale(log);
// A full run also builds the mini-program, so CI shows both builds succeed and both budgets.
if (jestArgs.length === 0) buildWeappIfStale(log);

const REHEARSED = [
  'tests/integration/realtime.test.ts',
  'tests/integration/donations/donations.test.ts',
  'tests/integration/notifications/shift-reminders.test.ts',
];

/** Runs jest with `args`; returns its exit status and the summary of its JSON results. */
function runJest(args, resultsName, env = {}) {
  const resultsFile = path.join(repoRoot, '.run', resultsName);
  // --forceExit: once the results are written, a handle some test left open (seen on loaded CI
  // machines: jest lingering for minutes after its summary) must not hold up the run.
  const jest = spawnSync('npx', ['jest', '--ci', '--forceExit', '--json', `--outputFile=${resultsFile}`, ...args], {
    cwd: repoRoot,
    stdio: 'inherit',
    // A bigger heap for jest's own process: on a fresh-clone run of all 139 files it ran out of the
    // default ~4 GB after about 20 minutes (the machines have 24 GB).
    env: { ...process.env, NODE_ENV: 'test', NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --max-old-space-size=8192`.trim(), ...env },
  });
  try {
    const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
    let summary = `${results.numPassedTests} passed, ${results.numFailedTests} failed`;
    if (results.numPendingTests > 0) summary += `, ${results.numPendingTests} skipped`;
    if (results.numTotalTests === 0) return { status: 1, summary: 'no test ran' };
    return { status: jest.status ?? 1, summary };
  } catch {
    return { status: jest.status ?? 1, summary: 'results unavailable' };
  }
}

mkdirSync(path.join(repoRoot, '.run'), { recursive: true });
const all = runJest(jestArgs, 'jest-results.json');
console.log(`\ntests: ${all.summary}`);
process.exitCode = all.status;

// The production shape, rehearsed on a full run: the realtime, donation and reminder tests again,
// unchanged, against two API processes and a worker process behind a round-robin proxy
// (tests/helpers/test-api.ts). One file at a time: each starts three processes.
if (jestArgs.length === 0) {
  log('rehearsing the multi-process shape (two APIs, a worker, a round-robin proxy)…');
  const rehearsal = runJest(['--selectProjects', 'integration', '--runInBand', ...REHEARSED], 'jest-replicas.json', { TONGXIN_TEST_TOPOLOGY: 'replicas' });
  console.log(`\nmulti-process rehearsal: ${rehearsal.summary}`);
  console.log(`tests: ${all.summary}; multi-process rehearsal: ${rehearsal.summary}`);
  process.exitCode ||= rehearsal.status;
}
