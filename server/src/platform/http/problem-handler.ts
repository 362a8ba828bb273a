import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ERRORS, type Problem } from '@tongxin/shared';
import { AppError, RateLimitedError } from '../errors';
import type { Logger } from '../logger';

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

/** The one place errors become responses: AppErrors as problem+json, anything else a logged generic 500. */
export function problemHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, _req, res, _next) => {
    const appError = error instanceof AppError ? error : new AppError('INTERNAL');
    if (appError.code === 'INTERNAL') logger.error({ err: error }, 'unhandled error');
    if (error instanceof RateLimitedError) res.setHeader('retry-after', String(error.retryAfterSeconds));
    if (res.headersSent) return;
    res.status(appError.status).type('application/problem+json').json(toProblem(appError, res.locals.requestId as string));
  };
}
