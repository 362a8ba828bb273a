// `node scripts/run-ts.mjs <script.ts> [args…]`: runs a TypeScript script (seeding, a benchmark, the
// invariant check) with tsx after installing what is missing and compiling shared and server, so it
// works on a fresh clone as `npm start` and `npm test` do (the scripts import `@tongxin/shared`,
// whose entry point is its compiled output, and some start compiled API processes).
import { spawn } from 'node:child_process';
import { buildServer, ensureDependencies, repoRoot } from './lib/project-steps.mjs';

const log = (line) => console.error(`[run-ts] ${line}`);
const [script, ...args] = process.argv.slice(2);
if (!script) {
  console.error('usage: node scripts/run-ts.mjs <script.ts> [args…]');
  process.exit(2);
}
ensureDependencies(log);
buildServer(log);

const child = spawn('npx', ['tsx', script, ...args], { cwd: repoRoot, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => {
  process.exitCode = code ?? (signal ? 1 : 0);
});
