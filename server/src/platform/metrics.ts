import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { RequestHandler } from 'express';

export interface Metrics {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  socketConnections: Counter<'outcome'>;
}

/** A registry per app instance, so tests and several apps in one process never collide. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'tongxin_' });
  return {
    registry,
    httpDuration: new Histogram({
      name: 'tongxin_http_request_duration_seconds',
      help: 'HTTP request duration by route template',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    socketConnections: new Counter({
      name: 'tongxin_socket_connections_total',
      help: 'Socket.IO handshakes by outcome',
      labelNames: ['outcome'],
      registers: [registry],
    }),
  };
}

/** Times requests by route template (never by raw path, which would explode label cardinality). */
export function httpMetrics(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const end = metrics.httpDuration.startTimer({ method: req.method });
    res.on('finish', () => {
      const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
      end({ route, status: String(res.statusCode) });
    });
    next();
  };
}
