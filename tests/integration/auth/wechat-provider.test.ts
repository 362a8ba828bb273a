import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { HttpWechatAuthProvider } from '../../../server/src/modules/auth';
import { AppError, RateLimitedError } from '../../../server/src/platform/errors';
import { createLogger } from '../../../server/src/platform/logger';
import { startTestApi, type TestApi } from '../../helpers/test-api';

const APP_ID = 'wx-test-app';
const APP_SECRET = 'test-secret-0123456789';

/**
 * Stands in for api.weixin.qq.com/sns/jscode2session; the js_code picks the answer:
 * `ok-<openid>`, `err-<errcode>`, `hang`, `html` or `http-500`.
 */
function fakeWechat(): http.Server {
  return http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const code = url.searchParams.get('js_code') ?? '';
    const wellFormed = url.pathname === '/sns/jscode2session' && url.searchParams.get('appid') === APP_ID
      && url.searchParams.get('secret') === APP_SECRET && url.searchParams.get('grant_type') === 'authorization_code';
    if (code === 'hang') return;
    if (code === 'http-500') return void res.writeHead(500).end('oops');
    if (code === 'html') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html>busy</html>');
    // WeChat sends JSON as text/plain.
    res.writeHead(200, { 'content-type': 'text/plain' });
    if (!wellFormed) return void res.end(JSON.stringify({ errcode: 40013, errmsg: 'invalid appid' }));
    if (code.startsWith('err-')) return void res.end(JSON.stringify({ errcode: Number(code.slice(4)), errmsg: 'fake error' }));
    res.end(JSON.stringify({ openid: code.slice(3), session_key: 'c2Vzc2lvbi1rZXk=', unionid: 'union-1', errcode: 0 }));
  });
}

let server: http.Server;
let base: string;

beforeAll(async () => {
  server = fakeWechat();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('HttpWechatAuthProvider', () => {
  // Generous by default: the first call of a file also pays for the HTTP client's start, which on a
  // loaded CI machine took over 300 ms. Only the timeout test asks for a short one.
  const provider = (timeoutMs = 5_000) => new HttpWechatAuthProvider({
    appId: APP_ID, appSecret: APP_SECRET, apiBase: `${base}/`, timeoutMs, logger: createLogger('silent'),
  });

  const failureOf = async (code: string, timeoutMs?: number): Promise<AppError> => {
    const error = await provider(timeoutMs).code2Session(code).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  };

  it('when WeChat accepts the code, then openid, unionid and session_key come back', async () => {
    await expect(provider().code2Session('ok-openid-42')).resolves.toEqual({
      openid: 'openid-42', unionid: 'union-1', sessionKey: 'c2Vzc2lvbi1rZXk=',
    });
  });

  it('when WeChat answers 40029 or 40163, then WECHAT_CODE_INVALID (400)', async () => {
    expect((await failureOf('err-40029')).code).toBe('WECHAT_CODE_INVALID');
    expect((await failureOf('err-40163')).status).toBe(400);
  });

  it('when WeChat answers 45011, then RATE_LIMITED with a retry after 60 s', async () => {
    const error = await failureOf('err-45011');
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterSeconds).toBe(60);
  });

  it('when WeChat answers 40226, then WECHAT_USER_BLOCKED (403)', async () => {
    expect((await failureOf('err-40226')).code).toBe('WECHAT_USER_BLOCKED');
  });

  it('when WeChat is busy (-1) or the app is misconfigured, then WECHAT_LOGIN_FAILED (502)', async () => {
    expect((await failureOf('err--1')).code).toBe('WECHAT_LOGIN_FAILED');
    const misconfigured = new HttpWechatAuthProvider({ appId: 'wrong', appSecret: APP_SECRET, apiBase: base, logger: createLogger('silent') });
    await expect(misconfigured.code2Session('ok-x')).rejects.toMatchObject({ code: 'WECHAT_LOGIN_FAILED', status: 502 });
  });

  it('when WeChat does not answer in time, then WECHAT_LOGIN_FAILED after the timeout', async () => {
    const started = Date.now();
    expect((await failureOf('hang', 300)).code).toBe('WECHAT_LOGIN_FAILED');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('when WeChat answers HTTP 500 or HTML, then WECHAT_LOGIN_FAILED', async () => {
    expect((await failureOf('http-500')).code).toBe('WECHAT_LOGIN_FAILED');
    expect((await failureOf('html')).code).toBe('WECHAT_LOGIN_FAILED');
  });
});

describe('POST /api/v1/auth/wechat (real provider against the fake WeChat)', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi({ WECHAT_PROVIDER: 'wechat', WECHAT_API_BASE: base, WECHAT_APP_ID: APP_ID, WECHAT_APP_SECRET: APP_SECRET });
  });
  afterAll(() => api.stop());

  it('when WeChat accepts the code, then tokens are issued and nothing of the session_key is returned', async () => {
    const res = await request(api.url).post('/api/v1/auth/wechat').send({ code: 'ok-route-openid' });
    expect(res.status).toBe(200);
    expect(res.body.accessToken).toEqual(expect.any(String));
    expect(res.text).not.toContain('c2Vzc2lvbi1rZXk');
  });

  it('when WeChat rejects the code, then 400 WECHAT_CODE_INVALID with a Chinese title', async () => {
    const res = await request(api.url).post('/api/v1/auth/wechat').send({ code: 'err-40029' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'WECHAT_CODE_INVALID', title: '微信登录凭证无效或已使用，请重新登录' });
  });

  it('when WeChat rate-limits the user, then 429 with retry-after 60', async () => {
    const res = await request(api.url).post('/api/v1/auth/wechat').send({ code: 'err-45011' });
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe('60');
  });
});
