import type { z } from '@tongxin/shared';
import { ValidationError } from './errors';

/** Parses user input with a shared schema; failures become a ValidationError with per-field Chinese messages. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(
    result.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.') || '(root)',
      message: issue.code === 'unrecognized_keys' ? `不支持的字段：${issue.keys.join('、')}` : issue.message,
    })),
  );
}
