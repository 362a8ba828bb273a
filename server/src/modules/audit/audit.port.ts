import type { Actor } from '@tongxin/shared';

/** What an action was done to; the area (community or district) decides which district admins see the entry. */
export interface AuditSubject {
  /** Kebab-case kind: `volunteer`, `enrollment`, `campaign`, `organization`, `donation`, `elder`, … */
  type: string;
  id: string;
  communityCode?: string;
  /** 6-digit division; derived from `communityCode` when absent. */
  districtCode?: string;
}

export interface AuditRecordInput {
  /** Who acted; `'system'` for jobs. */
  actor: Actor | 'system';
  /** `<domain>:<verb>`, e.g. `hours:verify`, `campaign:transition`, `volunteer-profile:view-unmasked`. */
  action: string;
  subject: AuditSubject;
  /** The changed fields before and after, small and never personal data (no names, ID numbers, phones). */
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
  /** Default: the current HTTP request's client IP and user agent (read from its context). */
  ip?: string;
  userAgent?: string;
  /**
   * A change finished again after a crash (a replayed request): recorded only when no entry of this
   * action on this subject exists yet, so the retry that completes it leaves exactly one entry.
   */
  once?: boolean;
}

/**
 * The audit trail as other modules see it: one insert per call, never updated or deleted. Await it:
 * a view of unmasked personal data that cannot be recorded must fail rather than go unrecorded.
 */
export interface AuditTrail {
  record(input: AuditRecordInput): Promise<void>;
}
