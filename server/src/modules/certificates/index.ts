import type { RequestHandler } from 'express';
import type { ModuleDeps } from '../module-deps';
import { findCjkFont } from './certificates.font';
import { CertificatePdf } from './certificates.pdf';
import { CertificatesRepository } from './certificates.repository';
import { certificatesRouter } from './certificates.routes';
import { CertificatesService, type CertificatePorts } from './certificates.service';

export type { CertificatePorts, CertificatesService };
export { CjkFontMissingError } from './certificates.font';

/** Certificates of service record: `/api/v1/me/certificates`, public `/api/v1/certificates/:code`. */
export function createCertificatesModule(deps: ModuleDeps, ports: CertificatePorts, authenticate: RequestHandler) {
  const { config } = deps;
  // At start-up, so a server that could not print Chinese refuses to start with the fix in the message.
  const pdf = new CertificatePdf(findCjkFont(config.CERTIFICATE_FONT_PATH));
  const service = new CertificatesService(new CertificatesRepository(deps.connection), pdf, ports, {
    issuer: config.CERTIFICATE_ISSUER, publicBaseUrl: config.PUBLIC_BASE_URL,
  });
  return { service, router: certificatesRouter(service, authenticate) };
}
