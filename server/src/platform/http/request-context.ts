import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { runWithContext, runWithOrigin } from '../context';

const ACCEPTED_REQUEST_ID = /^[A-Za-z0-9_-]{8,64}$/;

/**
 * Gives every request an id (kept from the caller when well-formed) and runs it inside a trace
 * context, and inside its origin (client IP and user agent) for the audit trail.
 */
export const requestContext: RequestHandler = (req, res, next) => {
  const incoming = req.get('x-request-id');
  const requestId = incoming && ACCEPTED_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.locals.requestId = requestId;
  res.setHeader('x-request-id', requestId);
  const userAgent = req.get('user-agent')?.slice(0, 256);
  const origin = { ...(req.ip ? { ip: req.ip } : {}), ...(userAgent ? { userAgent } : {}) };
  runWithContext({ requestId }, () => runWithOrigin(origin, next));
};
