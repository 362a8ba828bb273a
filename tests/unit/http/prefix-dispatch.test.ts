import express, { Router, type Express } from 'express';
import request from 'supertest';
import { dispatchByPrefix, prefixOf } from '../../../server/src/platform/http/prefix-dispatch';

// The dispatcher must answer every request exactly as mounting the routers one after another
// would: the same handlers, in the same order. Each app below is built both ways and asked the same.

/** Records which handlers a request passed, as the `x-trail` header. */
const mark = (name: string) => (_req: express.Request, res: express.Response, next: express.NextFunction) => {
  res.locals.trail = [...(res.locals.trail as string[] | undefined ?? []), name];
  next();
};
const answer = (name: string) => (_req: express.Request, res: express.Response) => {
  res.json({ by: name, trail: res.locals.trail ?? [] });
};

function routers(): Router[] {
  const needs = Router();
  needs.use('/api/v1/needs', mark('needs-auth'));
  needs.get('/api/v1/needs', answer('needs-list'));
  needs.get('/api/v1/needs/:id', answer('needs-one'));
  const mealsA = Router();
  mealsA.get('/api/v1/meal-points', answer('care-map'));
  const mealsB = Router();
  mealsB.use(['/api/v1/meal-points', '/api/v1/meal-subsidy-rules'], mark('meals-auth'));
  mealsB.get('/api/v1/meal-points/:id', answer('meal-point'));
  mealsB.get('/api/v1/meal-subsidy-rules', answer('rules'));
  const nested = Router().use(Router().get('/api/v1/me/elders', answer('my-elders')), Router().get('/api/v1/me/delivery-tasks', answer('my-tasks')));
  const everywhere = Router();
  everywhere.use(mark('everywhere'));
  const broad = Router();
  broad.use('/api', mark('api-wide'));
  const byParam = Router();
  byParam.get('/api/v1/:kind/count', answer('count'));
  const health = Router();
  health.get('/healthz', answer('health'));
  const late = Router();
  late.get('/api/v1/needs/:id/shifts', answer('shifts'));
  return [health, needs, mealsA, broad, mealsB, nested, everywhere, byParam, late];
}

function appOf(mount: (app: Express, list: Router[]) => void): Express {
  const app = express();
  mount(app, routers());
  app.use((_req, res) => res.status(404).json({ by: 'not-found', trail: res.locals.trail ?? [] }));
  return app;
}

const mountedInTurn = appOf((app, list) => list.forEach((router) => app.use(router)));
const dispatched = appOf((app, list) => app.use(dispatchByPrefix(list)));

const PATHS = [
  '/healthz', '/api/v1/needs', '/api/v1/needs/abc', '/API/V1/Needs/abc', '/api/v1/needs/abc/shifts', '/api/v1/needs/',
  '/api/v1/meal-points', '/api/v1/meal-points/p1', '/api/v1/meal-subsidy-rules', '/api/v1/me/elders', '/api/v1/me/delivery-tasks',
  '/api/v1/needsX', '/api/v1/rural-projects/count', '/api/v1', '/api', '/', '/index.html', '/api/v1/meal-points?near=1,2',
];

describe('dispatchByPrefix', () => {
  it.each(PATHS)('answers GET %s as the routers mounted one after another do', async (path) => {
    const [expected, actual] = await Promise.all([request(mountedInTurn).get(path), request(dispatched).get(path)]);
    expect(actual.status).toBe(expected.status);
    expect(actual.body).toEqual(expected.body);
  });

  it('runs middleware that may answer any path (path-less, `/api`) for every prefix, in order', async () => {
    const res = await request(dispatched).get('/api/v1/meal-points/p1/unknown');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ by: 'not-found', trail: ['api-wide', 'meals-auth', 'everywhere'] });
  });

  it('keeps every router listed as the layers of a mounted router', () => {
    expect(dispatchByPrefix(routers()).stack).toHaveLength(routers().length);
  });
});

describe('prefixOf', () => {
  it.each([
    ['/api/v1/meal-points/abc/bookings', '/api/v1/meal-points'],
    ['/API/v1/Meal-Points', '/api/v1/meal-points'],
    ['/api/v1/me/elders', '/api/v1/me'],
    ['/healthz', '/healthz'],
    ['/admin/queues/api', '/admin'],
    ['/api', '/api'],
    ['/', '/'],
  ])('%s → %s', (path, prefix) => {
    expect(prefixOf(path)).toBe(prefix);
  });
});
