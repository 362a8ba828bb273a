import path from 'node:path';
import express, { type Express, type Router } from 'express';
import type { Config } from './config/config';
import type { Logger } from './platform/logger';
import type { Metrics } from './platform/metrics';
import { httpMetrics } from './platform/metrics';
import { inputGuard } from './platform/http/input-guard';
import { bodyParserErrors, jsonBody, requireJsonBody } from './platform/http/json-body';
import { dispatchByPrefix } from './platform/http/prefix-dispatch';
import { problemHandler, routeNotFound } from './platform/http/problem-handler';
import { requestContext } from './platform/http/request-context';
import { requestLog } from './platform/http/request-log';
import { securityHeaders } from './platform/http/security-headers';

export interface AppParts {
  config: Config;
  logger: Logger;
  metrics: Metrics;
  /** Routers in order: health first, then the domain modules (a request visits only those with its path prefix). */
  routers: Router[];
}

function serveH5(app: Express, dir: string): void {
  app.use(express.static(dir, { index: 'index.html', maxAge: '1h' }));
  // The H5 router owns every other GET path that asks for a page.
  app.get(/^\/(?!api\/|socket\.io\/).*/, (req, res, next) => {
    if (!req.accepts('html')) return next();
    res.sendFile(path.join(dir, 'index.html'));
  });
}

/** Builds the HTTP app from its parts; it never connects or listens, so tests use it as it is. */
export function createApp({ config, logger, metrics, routers }: AppParts): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.TRUST_PROXY_HOPS);
  app.set('query parser', 'simple');
  app.use(requestContext);
  // Method, path, status, duration and request id only: no query strings, headers or bodies (they may carry personal data).
  app.use(requestLog(logger, (url) => url === '/healthz' || url === '/metrics'));
  app.use(httpMetrics(metrics));
  // CSP stays off until the H5 build's inline bootstrap script is hashed into a policy.
  app.use(securityHeaders({ contentSecurityPolicy: false }));
  app.use('/api', requireJsonBody, jsonBody(config.BODY_LIMIT_BYTES), bodyParserErrors, inputGuard);
  app.use(dispatchByPrefix(routers));
  if (config.H5_DIR) serveH5(app, config.H5_DIR);
  app.use(routeNotFound);
  app.use(problemHandler(logger));
  return app;
}
