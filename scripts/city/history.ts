import type { mongo, Types } from 'mongoose';
import { receiptNumberOf } from '../../server/src/modules/donations/receipts.service';
import { BulkWriter } from './bulk-writer';
import { CityRandom } from './random';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export interface HistoryOptions {
  seed: number;
  /** The city's "today", as given to generateCity. */
  now: Date;
  /** Days of donations before `now`. */
  days: number;
  /** Share of donors who give on a given day. */
  donorsPerDay: number;
  batchSize: number;
  /** Batches written at once (default 2). */
  inFlight?: number;
  /** Progress lines while writing. */
  log?: (line: string) => void;
}

export interface HistoryReport {
  hours: number;
  donations: number;
}

type Db = mongo.Db;
interface EnrollmentRow { _id: string; userId: Types.ObjectId; status: string; startsAt: Date; endsAt: Date }
interface CampaignRow { _id: Types.ObjectId; organizationId: Types.ObjectId; title: string; status: string; startsAt: Date; endsAt: Date }
interface OrganizationRow { _id: Types.ObjectId; name: string; creditCode: string }

/**
 * The history statistics need on top of generateCity's city (which holds the sign-ups and their
 * seats), read back from the store: verified hours for attended past shifts (`service_hours`,
 * `verify:<enrollmentId>`, recorded 1–48 h after the shift), and paid donations with their ledger
 * rows (a third matched at half) and receipts, as the donations module writes them, over the last
 * `days` days. Deterministic for a seed; rerunning finds its documents there.
 */
export async function generateHistory(db: Db, options: HistoryOptions): Promise<HistoryReport> {
  const random = new CityRandom(options.seed, 'history');
  const writer = new BulkWriter(db, options);
  const report: HistoryReport = { hours: 0, donations: 0 };
  const enrollments = db.collection('enrollments').find({}, {
    projection: { userId: 1, status: 1, startsAt: 1, endsAt: 1 }, sort: { _id: 1 },
  }) as unknown as AsyncIterable<EnrollmentRow>;
  for await (const e of enrollments) {
    if (e.status !== 'enrolled' || e.endsAt.getTime() > options.now.getTime()) continue;
    const createdAt = new Date(Math.min(options.now.getTime() - 1, e.endsAt.getTime() + random.int(1, 48) * HOUR_MS));
    const shiftMinutes = Math.round((e.endsAt.getTime() - e.startsAt.getTime()) / 60_000);
    await writer.add('service_hours', {
      _id: `verify:${e._id}`, userId: e.userId, enrollmentId: e._id, kind: 'verified', minutes: shiftMinutes - random.int(0, 20),
      category: 'community_service', year: createdAt.getUTCFullYear(), verifiedBy: e.userId, createdAt,
    });
    report.hours++;
  }
  report.donations = await generateDonations(db, writer, random.fork('donations'), options);
  await writer.flush();
  return report;
}

async function generateDonations(db: Db, writer: BulkWriter, random: CityRandom, options: HistoryOptions): Promise<number> {
  const campaigns = await db.collection('campaigns').find({}, { projection: { organizationId: 1, title: 1, status: 1, startsAt: 1, endsAt: 1 } })
    .toArray() as unknown as CampaignRow[];
  const organizations = new Map((await db.collection('organizations').find({}, { projection: { name: 1, creditCode: 1 } })
    .toArray() as unknown as OrganizationRow[]).map((o) => [o._id.toHexString(), o]));
  const donors = (await db.collection('users').find({ roles: 'donor' }, { projection: { _id: 1 } }).toArray()).map((u) => u._id as Types.ObjectId);
  if (campaigns.length === 0 || donors.length === 0) return 0;
  let written = 0;
  const today = Math.floor(options.now.getTime() / DAY_MS) * DAY_MS;
  for (let day = options.days; day >= 1; day--) {
    const dayStart = today - day * DAY_MS;
    const live = campaigns.filter((c) => c.status !== 'draft' && c.status !== 'review' && c.startsAt.getTime() <= dayStart && c.endsAt.getTime() > dayStart);
    if (live.length === 0) continue;
    const gifts = Math.max(1, Math.round(donors.length * options.donorsPerDay));
    for (let i = 0; i < gifts; i++) {
      const at = new Date(dayStart + random.int(0, DAY_MS - 1));
      const campaign = live[random.int(0, live.length - 1)]!;
      const userId = donors[random.int(0, donors.length - 1)]!;
      const amountFen = random.int(1, 500) * 100;
      const id = random.objectId(at);
      await writer.add('donations', {
        _id: id, campaignId: campaign._id, organizationId: campaign.organizationId, userId, amountFen, anonymous: random.chance(0.3),
        message: '', donorName: '爱**', createdAt: at,
      });
      await writer.add('donation_ledger', {
        _id: `${id.toHexString()}:paid`, kind: 'paid', donationId: id, campaignId: campaign._id, userId, amountFen, provider: 'sandbox',
        transactionId: `hist${id.toHexString()}`, at, recordedAt: at,
      });
      const issuer = organizations.get(campaign.organizationId.toHexString())!;
      await writer.add('donation_receipts', {
        _id: id, number: receiptNumberOf(id, at), campaignId: campaign._id, campaignTitle: campaign.title, organizationId: campaign.organizationId,
        organizationName: issuer.name, creditCode: issuer.creditCode, userId, amountFen, paidAt: at, issuedAt: at,
      });
      if (random.chance(1 / 3)) {
        await writer.add('donation_ledger', {
          _id: `${id.toHexString()}:match`, kind: 'match', donationId: id, campaignId: campaign._id, userId, amountFen: Math.floor(amountFen / 2),
          at, recordedAt: at,
        });
      }
      written++;
    }
  }
  return written;
}
