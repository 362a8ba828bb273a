import { isUtf8 } from 'node:buffer';
import express, { type ErrorRequestHandler, type Request, type RequestHandler } from 'express';
import { AppError } from '../errors';

/** Requests that carry a body must say it is JSON; anything else is refused before parsing. */
export const requireJsonBody: RequestHandler = (req, _res, next) => {
  const hasBody = Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined;
  if (hasBody && !req.is('application/json')) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
  next();
};

const RAW_BODY = Symbol('rawBody');

export function jsonBody(limitBytes: number): RequestHandler {
  // The parsed bytes are kept (a reference, not a copy) for webhooks whose signature covers the exact body.
  return express.json({
    limit: limitBytes,
    strict: true,
    verify: (req, _res, buf) => {
      // The decoder would quietly turn invalid bytes into U+FFFD and store them; refuse instead.
      if (!isUtf8(buf)) throw new Error('request body is not valid UTF-8');
      (req as unknown as Record<symbol, Buffer>)[RAW_BODY] = buf;
    },
  });
}

/** The exact bytes of a JSON request body as received, or an empty buffer when there was none. */
export function rawBodyOf(req: Request): Buffer {
  return (req as unknown as Record<symbol, Buffer | undefined>)[RAW_BODY] ?? Buffer.alloc(0);
}

/** Maps body-parser failures to stable codes, so malformed input never becomes a 500. */
export const bodyParserErrors: ErrorRequestHandler = (error: { type?: string }, _req, _res, next) => {
  switch (error.type) {
    case 'entity.too.large':
      return next(new AppError('PAYLOAD_TOO_LARGE'));
    case 'entity.parse.failed':
      return next(new AppError('MALFORMED_JSON'));
    case 'entity.verify.failed':
      return next(new AppError('MALFORMED_JSON', '请求内容不是有效的 UTF-8 编码'));
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return next(new AppError('UNSUPPORTED_MEDIA_TYPE'));
    default:
      return next(error);
  }
};
