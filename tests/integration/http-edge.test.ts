import request from 'supertest';
import { startTestApi, type TestApi } from '../helpers/test-api';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

describe('health and metrics', () => {
  it('when the process is up, then /healthz answers 200', async () => {
    expect((await request(api.url).get('/healthz')).body).toEqual({ status: 'ok' });
  });

  it('when store and Redis answer, then /readyz is ready with both checks', async () => {
    const res = await request(api.url).get('/readyz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ready', checks: { store: true, redis: true } });
  });

  it('when scraped, then /metrics is Prometheus text with request durations by route template', async () => {
    await request(api.url).get('/api/v1/regions');
    const res = await request(api.url).get('/metrics');
    expect(res.headers['content-type']).toMatch(/text\/plain/);
    expect(res.text).toMatch(/tongxin_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/regions",status="200"\} \d+/);
  });
});

describe('the HTTP edge', () => {
  it('when a route does not exist, then 404 problem+json with a request id', async () => {
    const res = await request(api.url).get('/api/v1/nowhere').set('x-request-id', 'req-12345678');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ code: 'ROUTE_NOT_FOUND', title: '请求的接口不存在', requestId: 'req-12345678' });
  });

  it('when JSON is malformed, then 400 MALFORMED_JSON', async () => {
    const res = await request(api.url).post('/api/v1/needs').set('content-type', 'application/json').send('{"title": ');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('MALFORMED_JSON');
  });

  it('when the body is not JSON, then 415', async () => {
    const res = await request(api.url).post('/api/v1/needs').set('content-type', 'text/plain').send('title=x');
    expect(res.status).toBe(415);
    expect(res.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('when the body is larger than the limit, then 413', async () => {
    const res = await request(api.url).post('/api/v1/needs').set('content-type', 'application/json')
      .send(JSON.stringify({ description: 'x'.repeat(200_000) }));
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('when JSON is nested too deeply, then 400 before any handler', async () => {
    let deep: unknown = 1;
    for (let i = 0; i < 20; i++) deep = { a: deep };
    const res = await request(api.url).post('/api/v1/needs').send({ title: deep });
    expect(res.status).toBe(400);
  });
});

describe('GET /api/v1/regions', () => {
  it('when asked without filters, then the city and its 20 county-level divisions', async () => {
    const res = await request(api.url).get('/api/v1/regions');
    expect(res.status).toBe(200);
    const levels = res.body.items.map((r: { level: string }) => r.level);
    expect(levels.filter((l: string) => l === 'division')).toHaveLength(20);
    expect(res.body.items[0]).toMatchObject({ code: '510100', name: '成都市', level: 'city' });
  });

  it("when asked for a street's children, then its communities", async () => {
    const res = await request(api.url).get('/api/v1/regions?parentCode=510104001');
    expect(res.body.items.length).toBeGreaterThanOrEqual(8);
    expect(res.body.items.every((r: { code: string; level: string }) => r.level === 'community' && r.code.startsWith('510104001'))).toBe(true);
  });
});
