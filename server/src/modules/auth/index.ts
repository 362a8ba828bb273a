import type { RequestHandler, Router } from 'express';
import type { Actor, TokenPair } from '@tongxin/shared';
import type { Config } from '../../config/config';
import type { Logger } from '../../platform/logger';
import type { ModuleDeps } from '../module-deps';
import type { UserAccounts } from './auth.identity';
import { bearerAuthentication } from './auth.middleware';
import { RefreshTokensRepository } from './auth.repository';
import { authRouter } from './auth.routes';
import { AccessTokens } from './auth.tokens';
import { LoginService } from './login.service';
import { SessionRevocations } from './session-revocations';
import { SessionsService } from './sessions.service';
import { SmsCodeStore } from './sms-codes';
import { SmsRequestLimits } from './sms-limits';
import { SandboxSmsProvider, UnavailableSmsProvider, type SmsProvider } from './sms.provider';
import { HttpWechatAuthProvider, type WechatAuthProvider } from './wechat-auth.provider';
import { SandboxWechatAuthProvider } from './wechat-auth.sandbox';

export { actorOf } from '../../platform/actor';
export { hashPhone, maskPhone, phoneIdentity, type LoginIdentity, type UserAccounts } from './auth.identity';
export { SandboxSmsProvider, type SmsProvider } from './sms.provider';
export { HttpWechatAuthProvider, type WechatAuthProvider, type WechatSession } from './wechat-auth.provider';
export { SandboxWechatAuthProvider } from './wechat-auth.sandbox';

export interface AuthModule {
  /** Public routes under /api/v1/auth. */
  router: Router;
  /** Requires a valid access token and sets `res.locals.actor` (read it with `actorOf`). */
  authenticate: RequestHandler;
  /** The actor of an access token; throws UnauthenticatedError (also used at the Socket.IO handshake). */
  verifyAccessToken(token: string): Actor;
  /** Starts a session for an existing user (seed, tests). */
  issueTokens(userId: string): Promise<TokenPair>;
  /** A SandboxSmsProvider outside production: tests read codes from it. */
  sms: SandboxSmsProvider | SmsProvider;
  wechat: WechatAuthProvider;
  /** Follows revocations made on other replicas; the API starts it before serving, and closes it. */
  revocations: Pick<SessionRevocations, 'start' | 'close'>;
  /** Deletes expired refresh sessions (SMS codes expire in Redis by themselves); for the clean-up job. */
  purgeExpired(now?: Date): Promise<{ tokens: number; uses: number; revocations: number }>;
}

function wechatProviderOf(config: Config, logger: Logger): WechatAuthProvider {
  if (config.WECHAT_PROVIDER === 'sandbox') return new SandboxWechatAuthProvider();
  return new HttpWechatAuthProvider({
    appId: config.WECHAT_APP_ID,
    appSecret: config.WECHAT_APP_SECRET,
    apiBase: config.WECHAT_API_BASE,
    logger,
  });
}

function smsProviderOf(config: Config, logger: Logger): SmsProvider {
  // The sandbox logs codes, and whoever reads a production log must not be able to sign in as anyone.
  if (config.NODE_ENV === 'production') {
    logger.warn('no real SMS provider is configured: SMS sign-in answers 503 in production');
    return new UnavailableSmsProvider();
  }
  return new SandboxSmsProvider(logger);
}

/** Sign-in (WeChat, SMS), rotating sessions and the access-token check used by every other module. */
export function createAuthModule(deps: ModuleDeps, users: UserAccounts): AuthModule {
  const { config, redis } = deps;
  const logger = deps.logger.child({ module: 'auth' });
  const refreshTokens = new RefreshTokensRepository(deps.connection);
  const revocations = new SessionRevocations({
    redis,
    keyPrefix: `${config.REDIS_PREFIX}:auth`,
    store: refreshTokens,
    notifier: deps.notifier,
    accessTokenTtlSeconds: config.ACCESS_TOKEN_TTL,
    logger,
  });
  const accessTokens = new AccessTokens(config.JWT_SECRET, config.ACCESS_TOKEN_TTL, (userId, issuedAtMs) => revocations.isRevoked(userId, issuedAtMs));
  const sessions = new SessionsService(users, accessTokens, refreshTokens, config.REFRESH_TOKEN_TTL, revocations);
  const wechat = wechatProviderOf(config, logger);
  const sms = smsProviderOf(config, logger);
  const smsKeys = `${config.REDIS_PREFIX}:sms`;
  const login = new LoginService({
    users,
    sessions,
    wechat,
    sms,
    smsCodes: new SmsCodeStore({ redis, keyPrefix: smsKeys, hashKey: config.PII_HASH_KEY, ttlSeconds: config.SMS_CODE_TTL }),
    smsLimits: new SmsRequestLimits(deps.rateLimits),
    piiHashKey: config.PII_HASH_KEY,
    smsCodeTtlSeconds: config.SMS_CODE_TTL,
    logger,
  });
  const verifyAccessToken = (token: string): Actor => accessTokens.verify(token);
  const authenticate = bearerAuthentication(verifyAccessToken);
  return {
    router: authRouter(login, sessions, { limits: deps.rateLimits, authenticate, audit: deps.audit }),
    authenticate,
    revocations,
    verifyAccessToken,
    issueTokens: (userId) => sessions.issueTokens(userId),
    sms,
    wechat,
    purgeExpired: (now = new Date()) => refreshTokens.purgeExpired(now, config.REFRESH_TOKEN_TTL),
  };
}
