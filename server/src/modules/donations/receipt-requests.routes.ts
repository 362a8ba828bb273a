import { Router, type RequestHandler } from 'express';
import {
  createReceiptRequestSchema, declineReceiptRequestSchema, issueReceiptRequestSchema, listReceiptRequestsQuerySchema, organizationParamsSchema, receiptRequestParamsSchema,
} from '@tongxin/shared';
import { actorOf } from '../../platform/actor';
import { parseInput } from '../../platform/validation';
import type { ReceiptRequests } from './receipt-requests.service';

/** Receipt requests: the donor's own (`/me/receipt-requests`) and the receiving organization's. */
export function receiptRequestsRouter(requests: ReceiptRequests, authenticate: RequestHandler): Router {
  const router = Router();

  router.post('/api/v1/me/receipt-requests', authenticate, async (req, res) => {
    const { request, replayed } = await requests.request(actorOf(res), parseInput(createReceiptRequestSchema, req.body ?? {}));
    res.status(replayed ? 200 : 201).json(request);
  });

  router.get('/api/v1/me/receipt-requests', authenticate, async (req, res) => {
    res.json(await requests.listMine(actorOf(res), parseInput(listReceiptRequestsQuerySchema, req.query)));
  });

  router.get('/api/v1/organizations/:id/receipt-requests', authenticate, async (req, res) => {
    const { id } = parseInput(organizationParamsSchema, req.params);
    res.json(await requests.listForOrganization(actorOf(res), id, parseInput(listReceiptRequestsQuerySchema, req.query)));
  });

  router.post('/api/v1/receipt-requests/:requestId/issue', authenticate, async (req, res) => {
    const { requestId } = parseInput(receiptRequestParamsSchema, req.params);
    const { request } = await requests.issue(actorOf(res), requestId, parseInput(issueReceiptRequestSchema, req.body ?? {}));
    res.json(request);
  });

  router.post('/api/v1/receipt-requests/:requestId/decline', authenticate, async (req, res) => {
    const { requestId } = parseInput(receiptRequestParamsSchema, req.params);
    const { request } = await requests.decline(actorOf(res), requestId, parseInput(declineReceiptRequestSchema, req.body ?? {}));
    res.json(request);
  });

  // The unmasked payer, for making the receipt out: audited per view, never cached by the browser.
  router.get('/api/v1/receipt-requests/:requestId/payer', authenticate, async (req, res) => {
    const { requestId } = parseInput(receiptRequestParamsSchema, req.params);
    res.setHeader('cache-control', 'no-store');
    res.json(await requests.payerOf(actorOf(res), requestId));
  });

  return router;
}
