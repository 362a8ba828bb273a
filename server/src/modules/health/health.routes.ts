import { Router } from 'express';
import type { Registry } from 'prom-client';

export interface ReadinessProbe {
  name: string;
  check: () => Promise<boolean>;
}

/** Liveness (the process answers), readiness (its dependencies answer) and Prometheus metrics. */
export function healthRouter(probes: ReadinessProbe[], registry: Registry, isShuttingDown: () => boolean): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const results = await Promise.all(probes.map(async (p) => [p.name, await p.check()] as const));
    const ready = !isShuttingDown() && results.every(([, ok]) => ok);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable', checks: Object.fromEntries(results) });
  });
  router.get('/metrics', async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  });
  return router;
}
