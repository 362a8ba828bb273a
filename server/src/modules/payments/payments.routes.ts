import { Router, type RequestHandler } from 'express';
import { ERRORS, donationParamsSchema } from '@tongxin/shared';
import { actorOf } from '../../platform/actor';
import { AppError } from '../../platform/errors';
import { rawBodyOf } from '../../platform/http/json-body';
import type { Logger } from '../../platform/logger';
import { parseInput } from '../../platform/validation';
import type { PaymentsService, SandboxCashier } from './payments.service';

/**
 * `/payments/wechat/notify` answers in WeChat Pay's own contract, not problem+json: 204 without a
 * body when the notification is taken (or was already), 4XX/5XX with `{code: "FAIL", message}`
 * otherwise, so WeChat retries.
 */
export function paymentsRouter(
  payments: PaymentsService,
  cashier: SandboxCashier | null,
  authenticate: RequestHandler,
  logger: Logger,
): Router {
  const router = Router();

  router.post('/api/v1/payments/wechat/notify', async (req, res) => {
    try {
      await payments.handleWechatNotification(req.headers, rawBodyOf(req));
      res.status(204).end();
    } catch (error) {
      const appError = error instanceof AppError ? error : new AppError('INTERNAL');
      const log = appError.code === 'INTERNAL' ? logger.error.bind(logger) : logger.warn.bind(logger);
      log({ err: error, code: appError.code, detail: appError.detail }, 'payment notification refused');
      res.status(appError.status).json({ code: 'FAIL', message: ERRORS[appError.code].title });
    }
  });

  if (cashier) {
    router.post('/api/v1/payments/sandbox/:donationId/pay', authenticate, async (req, res) => {
      const { donationId } = parseInput(donationParamsSchema, req.params);
      res.json(await cashier.pay(actorOf(res), donationId));
    });
  }

  return router;
}
