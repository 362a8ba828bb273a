import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { AppError } from '../errors';

/** Requests that carry a body must say it is JSON; anything else is refused before parsing. */
export const requireJsonBody: RequestHandler = (req, _res, next) => {
  const hasBody = Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined;
  if (hasBody && !req.is('application/json')) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
  next();
};

export function jsonBody(limitBytes: number): RequestHandler {
  return express.json({ limit: limitBytes, strict: true });
}

/** Maps body-parser failures to stable codes, so malformed input never becomes a 500. */
export const bodyParserErrors: ErrorRequestHandler = (error: { type?: string }, _req, _res, next) => {
  switch (error.type) {
    case 'entity.too.large':
      return next(new AppError('PAYLOAD_TOO_LARGE'));
    case 'entity.parse.failed':
      return next(new AppError('MALFORMED_JSON'));
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return next(new AppError('UNSUPPORTED_MEDIA_TYPE'));
    default:
      return next(error);
  }
};
