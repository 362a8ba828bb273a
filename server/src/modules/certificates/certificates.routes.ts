import { Router, type RequestHandler } from 'express';
import { certificateParamsSchema, issueCertificateSchema } from '@tongxin/shared';
import { actorOf } from '../../platform/actor';
import { parseInput } from '../../platform/validation';
import type { CertificatesService } from './certificates.service';

export function certificatesRouter(service: CertificatesService, authenticate: RequestHandler): Router {
  const router = Router();

  router.post('/api/v1/me/certificates', authenticate, async (req, res) => {
    res.status(201).json(await service.issue(actorOf(res), parseInput(issueCertificateSchema, req.body ?? {})));
  });

  router.get('/api/v1/me/certificates', authenticate, async (_req, res) => {
    res.set('cache-control', 'no-store').json({ items: await service.listMine(actorOf(res)) });
  });

  router.get('/api/v1/me/certificates/:code/pdf', authenticate, async (req, res) => {
    const { code } = parseInput(certificateParamsSchema, req.params);
    const pdf = await service.pdfOf(actorOf(res), code);
    res.set('cache-control', 'no-store').attachment(`volunteer-service-certificate-${code}.pdf`).type('application/pdf').send(pdf);
  });

  // Public on purpose: whoever holds a certificate (an employer, a school) confirms it by its code.
  router.get('/api/v1/certificates/:code', async (req, res) => {
    const { code } = parseInput(certificateParamsSchema, req.params);
    res.set('cache-control', 'no-store').json(await service.verify(code));
  });

  return router;
}
