#!/usr/bin/env node
// Local backing services for Tongxin: document store (FerretDB or MONGODB_URI) and Redis.
//
//   node scripts/services.mjs up [--json]      start what is missing, write .run/services.json
//   node scripts/services.mjs down [--json]    stop only what this tooling started
//   node scripts/services.mjs status [--json]  show what runs
//
// Settings (environment): MONGODB_URI, REDIS_URL, TONGXIN_STORE_BACKEND=sqlite|postgresql,
// TONGXIN_STORE_PORT (default 27017), TONGXIN_REDIS_PORT (default 6379).
import { servicesDown, servicesStatus, servicesUp } from './lib/services-lib.mjs';

const args = process.argv.slice(2);
const json = args.includes('--json');
const command = args.find((a) => !a.startsWith('-'));
// With --json, stdout carries only the JSON result; progress messages go to stderr.
const log = json ? (msg) => console.error(msg) : (msg) => console.log(msg);
const yesNo = (value) => (value === null ? 'n/a' : value ? 'yes' : 'NO');

async function main() {
  if (command === 'up') {
    const up = await servicesUp({ log });
    if (json) return console.log(JSON.stringify(up, null, 2));
    const how = (name) => (up.startedNow[name] ? 'started now' : up.started[name] ? 'already running (ours)' : 'external');
    console.log(`MONGODB_URI=${up.mongoUri}   # ${how('ferretdb')}`);
    console.log(`REDIS_URL=${up.redisUrl}   # ${how('redis')}`);
    console.log('(written to .run/services.json)');
  } else if (command === 'down') {
    const stopped = await servicesDown({ log });
    if (json) return console.log(JSON.stringify({ stopped }, null, 2));
    if (!stopped.ferretdb && !stopped.redis) console.log('Nothing to stop (no FerretDB / redis-server started by this tooling).');
    else console.log('Stopped.');
  } else if (command === 'status') {
    const s = await servicesStatus();
    if (json) return console.log(JSON.stringify(s, null, 2));
    const f = s.ferretdb;
    console.log(f.managedPid
      ? `FerretDB: running (ours), PID ${f.managedPid}: ${f.args.join(' ')}`
      : 'FerretDB: not running (not started by this tooling)');
    console.log(`  store URI: ${f.uri ?? '(none; run "up")'}   answers ping: ${yesNo(f.answers)}`);
    console.log(s.redis.managedPid ? `Redis: redis-server running (ours), PID ${s.redis.managedPid}` : 'Redis: no redis-server started by this tooling');
    console.log(`  Redis URL: ${s.redis.url ?? '(none; run "up")'}   answers PING: ${yesNo(s.redis.answers)}`);
    if (!s.state) console.log('(.run/services.json missing: run "node scripts/services.mjs up")');
  } else {
    console.error('Usage: node scripts/services.mjs up|down|status [--json]');
    process.exitCode = 2;
  }
}

main().catch((err) => {
  console.error(`services ${command}: ${err.message}`);
  process.exitCode = 1;
});
