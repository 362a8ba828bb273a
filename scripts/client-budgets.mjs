// Prints the client's size budgets after a build and fails when one is exceeded:
//   weapp: the mini-program's main package (everything outside sub-package roots) ≤ 2 MB (WeChat's limit);
//   h5:    the JavaScript the first page loads (entry scripts in index.html + the first page's chunk group,
//          from chunk-groups.json written by config/chunk-groups-manifest.ts), gzipped, ≤ 300 KB.
// Usage: node scripts/client-budgets.mjs h5|weapp   (run by the client's build scripts)
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const KB = 1024;
const BUDGETS = { weappMainBytes: 2 * KB * KB, h5FirstPageGzipBytes: 300 * KB };

const kb = (bytes) => `${(bytes / KB).toFixed(1)} KB`;

function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

function weapp() {
  const dist = path.join(root, 'client/dist/weapp');
  const app = JSON.parse(readFileSync(path.join(dist, 'app.json'), 'utf8'));
  const subRoots = (app.subPackages ?? app.subpackages ?? []).map((p) => path.join(dist, p.root) + path.sep);
  let main = 0;
  const sub = Object.fromEntries(subRoots.map((r) => [r, 0]));
  for (const file of filesUnder(dist)) {
    if (file.endsWith('.map') || path.basename(file) === 'project.config.json' || path.basename(file) === 'project.private.config.json') continue;
    const size = statSync(file).size;
    const owner = subRoots.find((r) => file.startsWith(r));
    if (owner) sub[owner] += size;
    else main += size;
  }
  console.log(`[budget] weapp main package: ${kb(main)} of ${kb(BUDGETS.weappMainBytes)}`);
  for (const [r, size] of Object.entries(sub)) console.log(`[budget] weapp sub-package ${path.relative(dist, r)}: ${kb(size)}`);
  return { weappMainBytes: main, ok: main <= BUDGETS.weappMainBytes };
}

function h5() {
  const dist = path.join(root, 'client/dist/h5');
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const entry = [...html.matchAll(/<script[^>]+src="\/?([^"]+\.js)"/g)].map((m) => m[1]);
  const manifestPath = path.join(dist, 'chunk-groups.json');
  const groups = existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, 'utf8')) : {};
  const appConfig = readFileSync(path.join(root, 'client/src/app.config.ts'), 'utf8');
  const firstPage = /'(pages\/[^']+)'/.exec(appConfig)?.[1] ?? 'pages/index/index';
  // Named groups by name, lazily loaded pages by their import request (e.g. "./pages/index/index?...").
  const pageKey = Object.keys(groups).find((key) => key.split('|').some((request) => request.replace(/^\.\//, '').split('?')[0].replace(/\.[jt]sx?$/, '') === firstPage));
  const pageFiles = pageKey ? groups[pageKey] : undefined;
  if (!pageFiles) console.warn(`[budget] no chunk group named ${firstPage} in chunk-groups.json; counting entry scripts only`);
  const files = [...new Set([...entry, ...(pageFiles ?? [])])];
  let gzip = 0;
  for (const file of files) gzip += gzipSync(readFileSync(path.join(dist, file)), { level: 9 }).length;
  console.log(`[budget] h5 first page (${firstPage}) JavaScript: ${kb(gzip)} gzipped in ${files.length} files, of ${kb(BUDGETS.h5FirstPageGzipBytes)}`);
  return { h5FirstPageGzipBytes: gzip, ok: gzip <= BUDGETS.h5FirstPageGzipBytes };
}

const target = process.argv[2];
const result = target === 'weapp' ? weapp() : target === 'h5' ? h5() : null;
if (!result) {
  console.error('usage: node scripts/client-budgets.mjs h5|weapp');
  process.exit(2);
}
if (!result.ok) {
  console.error(`[budget] ${target} is over budget`);
  process.exitCode = 1;
}
