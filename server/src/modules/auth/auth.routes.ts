import { Router, type RequestHandler } from 'express';
import { refreshSchema, smsRequestSchema, smsVerifySchema, userSessionsParamsSchema, wechatLoginSchema } from '@tongxin/shared';
import { actorOf } from '../../platform/actor';
import { clientIp, type RateLimits, type RateRule } from '../../platform/rate-limits';
import { authorize } from '../access';
import type { AuditTrail } from '../audit/audit.port';
import { parseInput } from '../../platform/validation';
import type { LoginService } from './login.service';
import type { SessionsService } from './sessions.service';

// Token responses must not be kept by browsers or proxies (RFC 6749 §5.1).
const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader('cache-control', 'no-store');
  next();
};

/**
 * Per-IP sign-in attempts. Loose enough for a campus or a housing estate behind one NAT, tight
 * enough that guessing codes across many phones or replaying WeChat codes stalls at once.
 */
const SIGN_IN_PER_IP: RateRule = { points: 60, durationS: 600 };
const REFRESH_PER_IP: RateRule = { points: 120, durationS: 600 };

/**
 * Sign-in and session routes. Sign-in, refresh and logout are public (a refresh token proves itself);
 * signing out everywhere needs the access token of the account, or a city admin's for another one.
 */
export function authRouter(
  login: LoginService,
  sessions: SessionsService,
  { limits, authenticate, audit }: { limits: RateLimits; authenticate: RequestHandler; audit: AuditTrail },
): Router {
  const router = Router();
  router.use('/api/v1/auth', noStore);
  const signInLimit = limits.limit('sign-in-ip', SIGN_IN_PER_IP, clientIp);
  const refreshLimit = limits.limit('refresh-ip', REFRESH_PER_IP, clientIp);

  router.post('/api/v1/auth/wechat', signInLimit, async (req, res) => {
    res.json(await login.loginWithWechat(parseInput(wechatLoginSchema, req.body)));
  });

  router.post('/api/v1/auth/sms/request', async (req, res) => {
    await login.requestSmsCode(parseInput(smsRequestSchema, req.body), req.ip ?? 'unknown');
    res.status(204).end();
  });

  router.post('/api/v1/auth/sms/verify', signInLimit, async (req, res) => {
    res.json(await login.loginWithSms(parseInput(smsVerifySchema, req.body)));
  });

  router.post('/api/v1/auth/refresh', refreshLimit, async (req, res) => {
    res.json(await sessions.refresh(parseInput(refreshSchema, req.body)));
  });

  router.post('/api/v1/auth/logout', async (req, res) => {
    await sessions.logout(parseInput(refreshSchema, req.body));
    res.status(204).end();
  });

  router.post('/api/v1/auth/logout-all', authenticate, async (_req, res) => {
    await sessions.logoutEverywhere(actorOf(res).userId);
    res.status(204).end();
  });

  router.post('/api/v1/users/:id/sessions/revoke', authenticate, async (req, res) => {
    const actor = actorOf(res);
    authorize(actor, 'sessions:revoke-any');
    const { id } = parseInput(userSessionsParamsSchema, req.params);
    await audit.record({ actor, action: 'sessions:revoke', subject: { type: 'user', id } });
    await sessions.logoutEverywhere(id, 'admin');
    res.status(204).end();
  });

  return router;
}
