// `npm start`: from a fresh clone to a running demo city on http://localhost:3000.
// Installs dependencies, compiles, builds the H5 site when missing, brings up the store and Redis
// (unless MONGODB_URI / REDIS_URL point elsewhere), seeds the demo city idempotently, then serves
// the API, sockets, in-process workers and the H5 site. Ctrl+C stops what it started.
import { spawn } from 'node:child_process';
import { buildH5IfStale, buildServer, ensureDependencies, h5Dir, repoRoot, run } from './lib/project-steps.mjs';

const log = (line) => console.log(`[start] ${line}`);

ensureDependencies(log);
buildServer(log);
buildH5IfStale(log);

const { ensureServices } = await import('./lib/services-lib.mjs');
const services = await ensureServices({ log: (line) => log(line) });
const env = {
  ...process.env,
  MONGODB_URI: services.mongoUri,
  REDIS_URL: services.redisUrl,
  H5_DIR: process.env.H5_DIR ?? h5Dir,
};

log('seeding the demo city (skipped when already seeded)…');
run('npx', ['tsx', 'scripts/seed-demo.ts'], { env });

const server = spawn('node', ['--enable-source-maps', 'server/dist/entry-points/api.js'], { cwd: repoRoot, env, stdio: 'inherit' });

let stopping = false;
const stop = (signal) => {
  if (stopping) return;
  stopping = true;
  server.kill(signal);
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));

server.on('exit', async (code) => {
  await services.stop();
  process.exit(code ?? 0);
});
