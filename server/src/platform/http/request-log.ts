import type { RequestHandler } from 'express';
import type { Logger } from '../logger';

/**
 * One log line per request when its response is done: request id, method, path (no query string:
 * it may carry personal data), status and duration in ms. In place of pino-http, whose two child
 * loggers per request (bindings serialized, level methods set) were a fifth of what every request
 * left for the collector to promote; the line carries the same fields and messages.
 */
export function requestLog(logger: Logger, quiet: (path: string) => boolean): RequestHandler {
  return (req, res, next) => {
    const started = Date.now();
    const { method, originalUrl: url } = req;
    if (quiet(url)) return next();
    // 'close' follows 'finish' for every response, and alone comes when the client went away first.
    res.once('close', () => {
      if (!logger.isLevelEnabled('info')) return;
      const line = {
        requestId: res.locals.requestId as string | undefined,
        req: { method, url: url.split('?')[0] },
        res: { statusCode: res.statusCode },
        responseTime: Date.now() - started,
      };
      if (res.statusCode >= 500) logger.info(line, 'request errored');
      else logger.info(line, res.writableFinished && !req.readableAborted ? 'request completed' : 'request aborted');
    });
    next();
  };
}
