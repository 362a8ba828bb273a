// `npm test`: installs what is missing, type-checks (shared, server, tests, client), checks for import cycles, builds the H5 site
// for the browser tests, then runs every jest project. Jest's global setup starts the store and
// Redis when none is configured and stops what it started.
import { readFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { buildH5IfStale, buildServer, ensureDependencies, repoRoot, run } from './lib/project-steps.mjs';

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

mkdirSync(path.join(repoRoot, '.run'), { recursive: true });
const resultsFile = path.join(repoRoot, '.run', 'jest-results.json');
const jest = spawnSync('npx', ['jest', '--ci', '--json', `--outputFile=${resultsFile}`, ...jestArgs], {
  cwd: repoRoot,
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: 'test' },
});

let summary = '';
try {
  const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  summary = `${results.numPassedTests} passed, ${results.numFailedTests} failed`;
  if (results.numPendingTests > 0) summary += `, ${results.numPendingTests} skipped`;
  if (results.numTotalTests === 0) {
    console.error('[test] no test ran');
    process.exitCode = 1;
  }
} catch {
  summary = 'results unavailable';
}
console.log(`\ntests: ${summary}`);
process.exitCode ||= jest.status ?? 1;
