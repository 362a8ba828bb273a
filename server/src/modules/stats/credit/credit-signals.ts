import { Types, type mongo } from 'mongoose';

export interface ServiceSignals {
  noShow: { due: number; noShows: number };
  /** Hours from shift end to verification, one per verified sign-up. */
  verificationHours: number[];
}

const HOUR_MS = 3_600_000;

/**
 * The service side of an organization's credit, read from the needs it posted (`needs.organizationId`),
 * their sign-ups and the hours ledger, over a window of shift starts. Like the roll-up it reads the
 * other modules' collections by name and writes nothing; filters are equalities and `$in` lists
 * (indexed on MongoDB; FerretDB scans), fine for a page an admin opens now and then.
 */
export class CreditSignalsSource {
  constructor(private readonly db: mongo.Db) {}

  async service(organizationId: string, from: Date, to: Date): Promise<ServiceSignals> {
    const needs = await this.db.collection('needs').find({ organizationId }, { projection: { _id: 1 } }).toArray();
    const signals: ServiceSignals = { noShow: { due: 0, noShows: 0 }, verificationHours: [] };
    if (needs.length === 0) return signals;
    const ended = new Map<string, number>();
    const enrollments = this.db.collection('enrollments').find(
      { needId: { $in: needs.map((n) => n._id as Types.ObjectId) } },
      { projection: { status: 1, startsAt: 1, endsAt: 1 }, batchSize: 5000 },
    ) as unknown as AsyncIterable<{ _id: string; status: string; startsAt: Date; endsAt: Date }>;
    const now = Date.now();
    for await (const e of enrollments) {
      const starts = e.startsAt.getTime();
      if (starts < from.getTime() || starts >= to.getTime() || starts > now) continue;
      if (e.status === 'cancelled' || e.status === 'waitlisted') continue;
      signals.noShow.due += 1;
      if (e.status === 'no_show') signals.noShow.noShows += 1;
      ended.set(String(e._id), e.endsAt.getTime());
    }
    if (ended.size === 0) return signals;
    const verified = this.db.collection('service_hours').find(
      { enrollmentId: { $in: [...ended.keys()] }, kind: 'verified' },
      { projection: { enrollmentId: 1, createdAt: 1 }, batchSize: 5000 },
    ) as unknown as AsyncIterable<{ enrollmentId: string; createdAt: Date }>;
    for await (const h of verified) {
      const end = ended.get(h.enrollmentId);
      if (end !== undefined) signals.verificationHours.push(Math.max(0, (h.createdAt.getTime() - end) / HOUR_MS));
    }
    return signals;
  }
}
