import type { RequestHandler } from 'express';
import { ValidationError } from '../errors';

const MAX_DEPTH = 8;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function findForbiddenKey(value: unknown, path: string, depth: number): { path: string; message: string } | null {
  if (depth > MAX_DEPTH) return { path, message: '嵌套层级过深' };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findForbiddenKey(value[i], `${path}.${i}`, depth + 1);
      if (found) return found;
    }
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  for (const key of Object.keys(value)) {
    const keyPath = path ? `${path}.${key}` : key;
    if (key.startsWith('$') || key.includes('.') || FORBIDDEN_KEYS.has(key)) {
      return { path: keyPath, message: '包含不允许的字段名' };
    }
    const found = findForbiddenKey((value as Record<string, unknown>)[key], keyPath, depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * Rejects Mongo operators, dotted paths and prototype keys anywhere in the body, query or params,
 * before any schema sees them: defence in depth under the strict zod schemas.
 */
export const inputGuard: RequestHandler = (req, _res, next) => {
  for (const [source, value] of [['body', req.body], ['query', req.query], ['params', req.params]] as const) {
    const found = findForbiddenKey(value, '', 0);
    if (found) throw new ValidationError([{ path: `${source}.${found.path}`, message: found.message }]);
    if (source === 'query') {
      for (const key of Object.keys(value ?? {})) {
        if (/[[\]$]/.test(key)) throw new ValidationError([{ path: `query.${key}`, message: '包含不允许的字段名' }]);
      }
    }
  }
  next();
};
