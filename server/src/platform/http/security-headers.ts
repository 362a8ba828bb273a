import type { Request, RequestHandler, Response } from 'express';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * helmet's headers, worked out once: with the content security policy off, every header it sets is
 * the same for every request, so they are recorded from one run of helmet's middleware and set from
 * that list (helmet walks a dozen middleware functions per request). A policy that would read the
 * request (a CSP nonce) cannot be recorded: building the app then fails instead of sending stale headers.
 */
export function securityHeaders(options: HelmetOptions): RequestHandler {
  const set: Array<[string, string]> = [];
  const removed: string[] = [];
  const refuse = (key: string | symbol) => {
    throw new Error(`security headers depend on the request (${String(key)}): they cannot be worked out once`);
  };
  const recorder = new Proxy({
    setHeader: (name: string, value: string | number | readonly string[]) => set.push([name, String(value)]),
    removeHeader: (name: string) => removed.push(name),
  }, { get: (target, key) => (key === 'setHeader' || key === 'removeHeader' ? target[key] : refuse(key)) });
  const noRequest = new Proxy({}, { get: (_target, key) => refuse(key) });
  let error: unknown;
  helmet(options)(noRequest as Request, recorder as unknown as Response, (err?: unknown) => {
    error = err;
  });
  if (error) throw error;
  return (_req, res, next) => {
    for (const name of removed) res.removeHeader(name);
    for (let i = 0; i < set.length; i++) res.setHeader(set[i]![0], set[i]![1]);
    next();
  };
}
