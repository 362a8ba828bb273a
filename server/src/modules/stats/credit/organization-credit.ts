import type { Actor, OrganizationCreditView, OrganizationGrade } from '@tongxin/shared';
import { authorize } from '../../access';
import { addDays, dayStart, shanghaiDate } from '../stats.areas';
import type { CreditSignalsSource } from './credit-signals';

/** Disclosure deadlines due in the window and how they were met, per organization (the campaigns module's cadence). */
export type DisclosureTimeliness = (organizationId: string, from: Date, to: Date) => Promise<{ due: number; onTime: number; late: number; overdue: number }>;

export interface CreditPorts {
  /** The organization's name and assessment grade; throws NOT_FOUND for an unknown id. */
  organization(id: string): Promise<{ name: string; grade: OrganizationGrade | null }>;
  complaints(id: string, since: Date): Promise<{ total: number; since: number }>;
  disclosures: DisclosureTimeliness;
}

const WINDOW_DAYS = 365;
const COMPLAINT_RECENT_DAYS = 90;

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);
const round1 = (n: number) => Math.round(n * 10) / 10;

function quantile(values: number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return round1(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!);
}

/**
 * An organization's credit signals beside its assessment grade: disclosure timeliness, no-shows and
 * hour-verification latency on its needs, complaints. For those who manage it: its own admins,
 * district and city admins (`organization:update`).
 */
export class OrganizationCredit {
  constructor(
    private readonly source: CreditSignalsSource,
    private readonly ports: CreditPorts,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async of(actor: Actor, organizationId: string): Promise<OrganizationCreditView> {
    const organization = await this.ports.organization(organizationId);
    authorize(actor, 'organization:update', { organizationId });
    const now = this.now();
    const to = shanghaiDate(now);
    const from = addDays(to, 1 - WINDOW_DAYS);
    const [start, end] = [dayStart(from), dayStart(addDays(to, 1))];
    const [service, complaints, disclosure] = await Promise.all([
      this.source.service(organizationId, start, end),
      this.ports.complaints(organizationId, new Date(now.getTime() - COMPLAINT_RECENT_DAYS * 86_400_000)),
      this.ports.disclosures(organizationId, start, end),
    ]);
    return {
      organizationId, name: organization.name, grade: organization.grade, from, to,
      disclosure: { ...disclosure, onTimeRate: ratio(disclosure.onTime, disclosure.due) },
      noShow: { ...service.noShow, rate: ratio(service.noShow.noShows, service.noShow.due) },
      hourVerification: {
        verified: service.verificationHours.length,
        medianHours: quantile(service.verificationHours, 0.5),
        p90Hours: quantile(service.verificationHours, 0.9),
      },
      complaints: { total: complaints.total, last90Days: complaints.since },
      computedAt: now.toISOString(),
    };
  }
}
