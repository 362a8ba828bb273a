import type { Ack, z } from '@tongxin/shared';
import type { Socket } from 'socket.io';
import { AppError } from './errors';
import type { Logger } from './logger';
import { parseInput } from './validation';

function toFailure(error: unknown, logger: Logger): Ack<never> {
  if (error instanceof AppError) return { ok: false, code: error.code, ...(error.errors ? { errors: error.errors } : {}) };
  logger.error({ err: error }, 'socket command failed');
  return { ok: false, code: 'INTERNAL' };
}

/**
 * Registers a client command: the payload is validated with a shared schema, the handler's result
 * or error becomes the acknowledgement, and nothing a client sends can crash the process.
 */
export function onCommand<S extends z.ZodType, T>(
  socket: Socket,
  event: string,
  schema: S,
  logger: Logger,
  handler: (input: z.infer<S>) => Promise<T>,
): void {
  socket.on(event, async (payload: unknown, ack: unknown) => {
    const reply = typeof ack === 'function' ? (ack as (result: Ack<T>) => void) : () => undefined;
    try {
      reply({ ok: true, data: await handler(parseInput(schema, payload)) });
    } catch (error) {
      reply(toFailure(error, logger));
    }
  });
}
