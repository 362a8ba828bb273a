import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { UnrecoverableError } from 'bullmq';
import { Redis } from 'ioredis';
import { testConfig } from '../../helpers/test-config';
import { dropTestState } from '../../helpers/test-state';
import { createLogger } from '../../../server/src/platform/logger';
import {
  HttpWechatSubscribeSender, SubscriptionMissingError, WechatQuotaError,
} from '../../../server/src/modules/notifications';

/** A stand-in for api.weixin.qq.com on loopback: real HTTP, scripted answers, every request recorded. */
class FakeWechat {
  readonly tokenFetches: URLSearchParams[] = [];
  readonly sends: Array<{ token: string; body: Record<string, unknown> }> = [];
  /** errcodes the next sends answer, in order; then 0. */
  readonly sendAnswers: number[] = [];
  private server = http.createServer((req, res) => this.handle(req, res));
  private issued = 0;
  url = '';

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url!, 'http://fake');
    const reply = (body: unknown): void => void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.method === 'GET' && url.pathname === '/cgi-bin/token') {
      this.tokenFetches.push(url.searchParams);
      if (url.searchParams.get('secret') !== 'app-secret') return reply({ errcode: 40125, errmsg: 'invalid appsecret' });
      this.issued += 1;
      return reply({ access_token: `token-${this.issued}`, expires_in: 7200 });
    }
    if (req.method === 'POST' && url.pathname === '/cgi-bin/message/subscribe/send') {
      let raw = '';
      req.on('data', (chunk: Buffer) => { raw += chunk.toString('utf8'); });
      req.on('end', () => {
        this.sends.push({ token: url.searchParams.get('access_token')!, body: JSON.parse(raw) as Record<string, unknown> });
        const errcode = this.sendAnswers.shift() ?? 0;
        reply({ errcode, errmsg: errcode === 0 ? 'ok' : 'scripted' });
      });
      return;
    }
    res.writeHead(404).end();
  }
}

const config = testConfig();
let fake: FakeWechat;
let redis: Redis;
let clock = Date.now();

beforeEach(async () => {
  fake = new FakeWechat();
  await fake.start();
});
afterEach(() => fake.stop());
beforeAll(() => { redis = new Redis(config.REDIS_URL); });
afterAll(async () => {
  await redis.quit();
  await dropTestState(config);
});

let keys = 0;
function aSender() {
  keys += 1;
  return new HttpWechatSubscribeSender({
    appId: 'wx-app', appSecret: 'app-secret', apiBase: fake.url, redis, tokenKey: `${config.REDIS_PREFIX}:wechat-token:${keys}`,
    logger: createLogger('silent'), now: () => clock,
  });
}

const message = { openid: 'o-user-1', templateId: 'TPL_REMINDER', page: 'pages/notifications/index', data: { thing1: '班次提醒', time3: '2026-12-01 09:00' } };

describe('HttpWechatSubscribeSender against a WeChat HTTP peer', () => {
  it('when two messages are sent, then one access token is fetched and both carry it in the protocol’s shape', async () => {
    const sender = aSender();
    await sender.send(message);
    await sender.send({ ...message, openid: 'o-user-2' });
    expect(fake.tokenFetches).toHaveLength(1);
    expect(Object.fromEntries(fake.tokenFetches[0]!)).toEqual({ grant_type: 'client_credential', appid: 'wx-app', secret: 'app-secret' });
    expect(fake.sends.map((s) => s.token)).toEqual(['token-1', 'token-1']);
    expect(fake.sends[0]!.body).toEqual({
      touser: 'o-user-1', template_id: 'TPL_REMINDER', page: 'pages/notifications/index',
      data: { thing1: { value: '班次提醒' }, time3: { value: '2026-12-01 09:00' } }, miniprogram_state: 'formal', lang: 'zh_CN',
    });
  });

  it('when the token nears expiry, then a new one is fetched before it runs out', async () => {
    const sender = aSender();
    clock = Date.now();
    await sender.send(message);
    clock += 7200_000 - 600_000; // ten minutes left: still used
    await sender.send(message);
    clock += 360_000; // four minutes left: inside the five-minute margin
    await sender.send(message);
    expect(fake.tokenFetches).toHaveLength(2);
    expect(fake.sends.map((s) => s.token)).toEqual(['token-1', 'token-1', 'token-2']);
  });

  it('when WeChat says the token is stale (40001), then a new token is fetched and the message sent once more', async () => {
    const sender = aSender();
    fake.sendAnswers.push(40001);
    await sender.send(message);
    expect(fake.tokenFetches).toHaveLength(2);
    expect(fake.sends.map((s) => s.token)).toEqual(['token-1', 'token-2']);
  });

  it('when WeChat answers errcodes, then no subscription, quota and bad requests are told apart', async () => {
    const sender = aSender();
    fake.sendAnswers.push(43101, 45009, 47003, 5000);
    await expect(sender.send(message)).rejects.toBeInstanceOf(SubscriptionMissingError);
    await expect(sender.send(message)).rejects.toBeInstanceOf(WechatQuotaError);
    const bad = await sender.send(message).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(UnrecoverableError);
    const other = await sender.send(message).catch((e: unknown) => e);
    expect(other).toBeInstanceOf(Error);
    expect(other).not.toBeInstanceOf(UnrecoverableError);
  });

  it('when the app secret is wrong, then the token fetch fails and nothing is sent', async () => {
    const sender = new HttpWechatSubscribeSender({
      appId: 'wx-app', appSecret: 'wrong', apiBase: fake.url, redis, tokenKey: `${config.REDIS_PREFIX}:wechat-token:wrong`, logger: createLogger('silent'),
    });
    await expect(sender.send(message)).rejects.toThrow('errcode 40125');
    expect(fake.sends).toHaveLength(0);
  });
});
