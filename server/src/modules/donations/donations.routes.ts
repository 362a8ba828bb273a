import { Router, type RequestHandler } from 'express';
import {
  campaignParamsSchema, createDonationSchema, createRefundSchema, cursorQuerySchema, donationParamsSchema, idempotencyKeySchema,
} from '@tongxin/shared';
import { actorOf } from '../../platform/actor';
import { AppError } from '../../platform/errors';
import { parseInput } from '../../platform/validation';
import type { DonationRefunds } from './donations.refunds';
import type { DonationsService } from './donations.service';
import type { DonationReceipts } from './receipts.service';

function idempotencyKeyOf(header: string | undefined): string {
  if (header === undefined) throw new AppError('IDEMPOTENCY_KEY_REQUIRED');
  return parseInput(idempotencyKeySchema, header);
}

export function donationsRouter(service: DonationsService, refunds: DonationRefunds, receipts: DonationReceipts, authenticate: RequestHandler): Router {
  const router = Router();

  router.post('/api/v1/campaigns/:id/donations', authenticate, async (req, res) => {
    const { id } = parseInput(campaignParamsSchema, req.params);
    const key = idempotencyKeyOf(req.get('idempotency-key'));
    const { donation, replayed } = await service.create(actorOf(res), id, key, parseInput(createDonationSchema, req.body ?? {}));
    if (replayed) res.setHeader('idempotent-replayed', 'true');
    res.status(replayed ? 200 : 201).json(donation);
  });

  router.get('/api/v1/donations/:donationId', authenticate, async (req, res) => {
    res.json(await service.get(actorOf(res), parseInput(donationParamsSchema, req.params).donationId));
  });

  router.post('/api/v1/donations/:donationId/refunds', authenticate, async (req, res) => {
    const { donationId } = parseInput(donationParamsSchema, req.params);
    const key = idempotencyKeyOf(req.get('idempotency-key'));
    const { refund, replayed } = await refunds.refund(actorOf(res), donationId, key, parseInput(createRefundSchema, req.body ?? {}));
    if (replayed) res.setHeader('idempotent-replayed', 'true');
    res.status(replayed ? 200 : 201).json(refund);
  });

  router.get('/api/v1/me/donations', authenticate, async (req, res) => {
    const { cursor, limit } = parseInput(cursorQuerySchema, req.query);
    res.json(await service.listMine(actorOf(res), cursor, limit));
  });

  router.get('/api/v1/me/donations/:donationId/receipt', authenticate, async (req, res) => {
    res.json(await receipts.mine(actorOf(res), parseInput(donationParamsSchema, req.params).donationId));
  });

  return router;
}
