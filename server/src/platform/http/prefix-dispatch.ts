import { Router, type RequestHandler } from 'express';

/**
 * The part of a path that picks the routers that may answer it: `/api/v1/<resource>` under the API,
 * else the first segment (`/healthz`, `/admin`). Lower-cased, as Express matches paths.
 */
export function prefixOf(path: string): string {
  const segments = path.toLowerCase().split('/', 5);
  const depth = segments[1] === 'api' && segments[2] === 'v1' ? 4 : 2;
  return segments.slice(0, depth).join('/');
}

/** Characters of Express 5 path syntax (parameters, wildcards, optional parts, escapes): not a literal. */
const PATH_SYNTAX = /[:*{}()\\?+[\]]/;

/** A path's prefix when it names one; null for paths that may answer several (`/api`, `/api/v1/:x`). */
function literalPrefixOf(path: string): string | null {
  const prefix = prefixOf(path);
  if (prefix.endsWith('/') || prefix === '/api' || prefix === '/api/v1' || PATH_SYNTAX.test(prefix)) return null;
  return prefix;
}

/** What the router library keeps of each registered layer (`rawPath` since router 2.3). */
interface Layer {
  rawPath?: unknown;
  route?: unknown;
  handle: { stack?: Layer[] };
}

/** The literal path prefixes a layer may answer, or null when it may answer any path. */
function prefixesOfLayer(layer: Layer): Set<string> | null {
  const paths = Array.isArray(layer.rawPath) ? layer.rawPath : [layer.rawPath];
  const prefixes = new Set<string>();
  for (const path of paths) {
    if (typeof path !== 'string') return null;
    // A path-less `use`: a router within is looked into; any other middleware runs for every path.
    if (path === '/' && !layer.route) {
      const inner = layer.handle.stack ? prefixesOfStack(layer.handle.stack) : null;
      if (!inner) return null;
      for (const prefix of inner) prefixes.add(prefix);
      continue;
    }
    const prefix = literalPrefixOf(path);
    if (prefix === null) return null;
    prefixes.add(prefix);
  }
  return prefixes;
}

function prefixesOfStack(stack: Layer[]): Set<string> | null {
  const prefixes = new Set<string>();
  for (const layer of stack) {
    const found = prefixesOfLayer(layer);
    if (!found) return null;
    for (const prefix of found) prefixes.add(prefix);
  }
  return prefixes;
}

/**
 * One handler in place of mounting `routers` one after another: a request goes through only the
 * routers, in their order, that have a layer for its prefix (and those whose layers may answer any
 * path), instead of walking every module's routes, each router it leaves costing a turn of the
 * event loop. What answers a request, and in which order, is unchanged; module routers keep their
 * full paths. The prefixes are read from the routers' layers once, when the app is built.
 */
export function dispatchByPrefix(routers: Router[]): RequestHandler & { stack: unknown[] } {
  const owned = routers.map((router) => ({ router, prefixes: prefixesOfStack(router.stack as unknown as Layer[]) }));
  const chainFor = (prefix: string | null) => {
    const chain = Router();
    for (const { router, prefixes } of owned) if (!prefixes || (prefix !== null && prefixes.has(prefix))) chain.use(router);
    return chain;
  };
  const chains = new Map<string, Router>();
  for (const { prefixes } of owned) for (const prefix of prefixes ?? []) if (!chains.has(prefix)) chains.set(prefix, chainFor(prefix));
  const rest = chainFor(null);
  const dispatch: RequestHandler = (req, res, next) => (chains.get(prefixOf(req.path)) ?? rest)(req, res, next);
  // Every router stays listed as a mounted router's layers are (`stack`), for what walks the app's routes.
  const all = Router();
  for (const router of routers) all.use(router);
  return Object.assign(dispatch, { stack: all.stack });
}
