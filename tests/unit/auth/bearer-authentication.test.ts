import express from 'express';
import request from 'supertest';
import type { Actor } from '@tongxin/shared';
import { bearerAuthentication } from '../../../server/src/modules/auth/auth.middleware';
import { actorOf } from '../../../server/src/platform/actor';
import { problemHandler } from '../../../server/src/platform/http/problem-handler';
import { createLogger } from '../../../server/src/platform/logger';

const actor: Actor = { userId: '0123456789abcdef01234567', roles: ['volunteer'], scopes: {} };

/** Two routers guarding the same prefix, as the meal-points routers do. */
function appWith(verify: (token: string) => Actor) {
  const authenticate = bearerAuthentication(verify);
  const app = express();
  app.use('/api/v1/things', authenticate);
  app.use('/api/v1/things', authenticate);
  app.get('/api/v1/things', (_req, res) => res.json(actorOf(res)));
  app.use(problemHandler(createLogger('silent')));
  return app;
}

describe('bearerAuthentication', () => {
  it('when two guards of one prefix see a request, then its token is verified once', async () => {
    const verified: string[] = [];
    const app = appWith((token) => {
      verified.push(token);
      return actor;
    });
    const res = await request(app).get('/api/v1/things').set('authorization', 'Bearer abc.def.ghi').expect(200);
    expect(res.body).toEqual(actor);
    expect(verified).toEqual(['abc.def.ghi']);
  });

  it('when no token is given, then 401 problem+json and nothing is verified', async () => {
    const verified: string[] = [];
    const app = appWith((token) => {
      verified.push(token);
      return actor;
    });
    const res = await request(app).get('/api/v1/things').expect(401);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(verified).toEqual([]);
  });
});
