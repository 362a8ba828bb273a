import { Writable } from 'node:stream';
import express, { Router } from 'express';
import helmet from 'helmet';
import request from 'supertest';
import { createApp } from '../../../server/src/app';
import { AppError } from '../../../server/src/platform/errors';
import { createLogger } from '../../../server/src/platform/logger';
import { createMetrics } from '../../../server/src/platform/metrics';
import { securityHeaders } from '../../../server/src/platform/http/security-headers';
import { testConfig } from '../../helpers/test-config';

// What every response carries whatever its route: helmet's security headers (worked out once) and
// one request log line with the request id, status and duration.

function appWithLog() {
  const logged: Array<Record<string, unknown>> = [];
  const sink = new Writable({ write(chunk, _encoding, done) { logged.push(JSON.parse(String(chunk)) as Record<string, unknown>); done(); } });
  const router = Router();
  router.get('/api/v1/things', (_req, res) => { res.json({ ok: true }); });
  router.get('/api/v1/broken', () => { throw new Error('boom'); });
  router.get('/api/v1/refused', () => { throw new AppError('FORBIDDEN'); });
  const app = createApp({ config: testConfig(), logger: createLogger('info', sink), metrics: createMetrics(), routers: [router] });
  return { app, logged };
}

const completed = (logged: Array<Record<string, unknown>>) => logged.filter((line) => typeof line.responseTime === 'number');

describe('security headers', () => {
  it('when helmet is worked out once, then a response carries exactly what helmet sets per request', async () => {
    const options = { contentSecurityPolicy: false } as const;
    const plain = express().disable('x-powered-by').use(helmet(options)).get('/', (_req, res) => { res.send('x'); });
    const once = express().disable('x-powered-by').use(securityHeaders(options)).get('/', (_req, res) => { res.send('x'); });
    const pick = (headers: Record<string, string>) => Object.fromEntries(Object.entries(headers).filter(([name]) => name !== 'date' && name !== 'etag'));
    const [a, b] = [await request(plain).get('/'), await request(once).get('/')];
    expect(pick(b.headers as Record<string, string>)).toEqual(pick(a.headers as Record<string, string>));
    expect(b.headers['strict-transport-security']).toBeDefined();
  });

  it('when a policy would read the request (a CSP nonce), then building it fails instead of sending stale headers', () => {
    expect(() => securityHeaders({ contentSecurityPolicy: { directives: { scriptSrc: [(_req, res) => String((res as unknown as { locals: { nonce: string } }).locals.nonce)] } } }))
      .toThrow(/depend on the request/);
  });

  it('when the API answers or refuses, then both carry the security headers', async () => {
    const { app } = appWithLog();
    for (const path of ['/api/v1/things', '/api/v1/refused']) {
      const res = await request(app).get(path);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });
});

describe('request log', () => {
  it('when a request is answered, then one line carries its request id, method, path without query, status and duration', async () => {
    const { app, logged } = appWithLog();
    await request(app).get('/api/v1/things?near=30.6,104.0').set('x-request-id', 'req-log-12345');
    await new Promise((resolve) => setImmediate(resolve));
    expect(completed(logged)).toEqual([expect.objectContaining({
      requestId: 'req-log-12345', req: { method: 'GET', url: '/api/v1/things' }, res: { statusCode: 200 }, msg: 'request completed',
    })]);
  });

  it('when a request fails or is refused, then its line says so with the status', async () => {
    const { app, logged } = appWithLog();
    await request(app).get('/api/v1/broken');
    await request(app).get('/api/v1/refused');
    await request(app).get('/healthz');
    await new Promise((resolve) => setImmediate(resolve));
    expect(completed(logged).map((line) => [line.res, line.msg])).toEqual([
      [{ statusCode: 500 }, 'request errored'],
      [{ statusCode: 403 }, 'request completed'],
    ]);
  });
});
