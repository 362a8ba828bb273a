import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ERRORS, type Problem } from '@tongxin/shared';
import { AppError, RateLimitedError } from '../errors';
import { isStoreUnavailable } from '../db';
import type { Logger } from '../logger';
import { isRedisUnavailable } from '../redis';

export function toProblem(error: AppError, requestId?: string): Problem {
  return {
    type: `https://tongxin.example/problems/${error.code.toLowerCase().replaceAll('_', '-')}`,
    title: ERRORS[error.code].title,
    status: error.status,
    code: error.code,
    ...(error.detail ? { detail: error.detail } : {}),
    ...(error.errors ? { errors: error.errors } : {}),
    ...(requestId ? { requestId } : {}),
  };
}

export const routeNotFound: RequestHandler = () => {
  throw new AppError('ROUTE_NOT_FOUND');
};

/** Seconds a client should wait before retrying when Redis or the store is unreachable. */
const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

function toAppError(error: unknown, logger: Logger): AppError {
  if (error instanceof AppError) return error;
  if (isRedisUnavailable(error) || isStoreUnavailable(error)) {
    logger.warn({ err: error }, 'dependency unavailable');
    return new AppError('SERVICE_UNAVAILABLE');
  }
  logger.error({ err: error }, 'unhandled error');
  return new AppError('INTERNAL');
}

/**
 * The one place errors become responses: AppErrors as problem+json, an unreachable Redis or store
 * as a retryable 503, anything else a logged generic 500.
 */
export function problemHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, _req, res, _next) => {
    const appError = toAppError(error, logger);
    if (error instanceof RateLimitedError) res.setHeader('retry-after', String(error.retryAfterSeconds));
    if (appError.code === 'SERVICE_UNAVAILABLE') res.setHeader('retry-after', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
    if (res.headersSent) return;
    res.status(appError.status).type('application/problem+json').json(toProblem(appError, res.locals.requestId as string));
  };
}
