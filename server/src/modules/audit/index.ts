import type { Connection } from '../../platform/db';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';

export type { AuditRecordInput, AuditSubject, AuditTrail } from './audit.port';
export type { AuditService };
export { auditRouter } from './audit.routes';

/**
 * The audit trail (`audit_entries`, insert-only; searched at `GET /api/v1/audit`). It needs only the
 * store, so the composition root builds it with the infrastructure and every module receives it as
 * `ModuleDeps.audit`.
 */
export function createAuditTrail(connection: Connection): AuditService {
  return new AuditService(new AuditRepository(connection));
}
