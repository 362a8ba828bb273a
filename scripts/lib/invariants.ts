import type { Redis } from 'ioredis';
import type { mongo } from 'mongoose';

// The promises Tongxin makes about money, places and hours, checked against a database and its
// Redis as they are. Used at the end of the fault and concurrency tests (tests/helpers) and as
// `npm run check:invariants` against any deployment. Reads only; rebuilds every total from the
// insert-only records, so it trusts no counter it is checking.

export interface InvariantTarget {
  db: mongo.Db;
  /** Redis holding the live counters, and the key prefix the API ran with; omit to check the store only. */
  redis?: Redis;
  redisPrefix?: string;
}

export interface InvariantReport {
  /** How many things of each kind were checked. */
  checked: Record<string, number>;
  /** One readable line per broken promise; empty when everything holds. */
  violations: string[];
}

type Doc = Record<string, unknown>;

const idOf = (value: unknown): string => String(value);

async function all(db: mongo.Db, collection: string, projection: Doc): Promise<Doc[]> {
  return db.collection(collection).find({}, { projection }).toArray() as Promise<Doc[]>;
}

function countBy<T>(items: T[], keyOf: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(keyOf(item), (counts.get(keyOf(item)) ?? 0) + 1);
  return counts;
}

function sumBy<T>(items: T[], keyOf: (item: T) => string, valueOf: (item: T) => number): Map<string, number> {
  const sums = new Map<string, number>();
  for (const item of items) sums.set(keyOf(item), (sums.get(keyOf(item)) ?? 0) + valueOf(item));
  return sums;
}

/**
 * A refund's ledger entry exists only for a refund the provider reported returned, for the amount asked:
 * never for a closed one (it stays open only between the entry and its status move, briefly).
 */
function checkRefundRequests(ledger: Doc[], requests: Doc[], report: InvariantReport): void {
  const byId = new Map(requests.map((r) => [idOf(r._id), r]));
  for (const entry of ledger.filter((e) => e.kind === 'refund')) {
    const request = byId.get(idOf(entry._id));
    if (!request) continue; // recorded before refunds had requests
    if (request.status === 'closed') report.violations.push(`refund ${idOf(entry._id)}: in the ledger but closed at the provider`);
    if (Number(request.amountFen) !== Number(entry.amountFen) || Number(request.matchReturnedFen) !== Number(entry.matchReturnedFen ?? 0)) {
      report.violations.push(`refund ${idOf(entry._id)}: ledger ${String(entry.amountFen)} fen differs from the ${String(request.amountFen)} fen asked`);
    }
  }
  report.checked.refundRequests = requests.length;
}

/**
 * A sponsor's matching pool has left exactly its cap − the match entries + what refunds gave back
 * (`matchedByCampaign` is already net of the returns): the head of its draw chain (`pool:<campaignId>:<n>`).
 */
async function checkPools(target: InvariantTarget, matchedByCampaign: Map<string, number>, report: InvariantReport): Promise<void> {
  const pools = await all(target.db, 'matching_pools', { capFen: 1 });
  report.checked.matchingPools = pools.length;
  if (pools.length === 0) return;
  const steps = await target.db.collection('matching_draws').find({ _id: { $regex: '^pool:' } as never }, { projection: { remainingFen: 1 } }).toArray() as Doc[];
  const heads = new Map<string, { version: number; remainingFen: number }>();
  for (const step of steps) {
    const [, campaignId, version] = idOf(step._id).split(':');
    const head = heads.get(campaignId!);
    if (!head || Number(version) > head.version) heads.set(campaignId!, { version: Number(version), remainingFen: Number(step.remainingFen) });
  }
  for (const pool of pools) {
    const id = idOf(pool._id);
    const left = heads.get(id)?.remainingFen ?? Number(pool.capFen);
    const expected = Number(pool.capFen) - (matchedByCampaign.get(id) ?? 0);
    if (left !== expected) report.violations.push(`matching pool ${id}: ${left} fen left, cap ${String(pool.capFen)} − net matched ${matchedByCampaign.get(id) ?? 0} says ${expected}`);
  }
}

/** Campaign totals: paid − refunded from the ledger, never negative, equal to the live tally; no transaction twice. */
async function checkMoney(target: InvariantTarget, report: InvariantReport): Promise<void> {
  const ledger = await all(target.db, 'donation_ledger', { kind: 1, campaignId: 1, donationId: 1, amountFen: 1, matchReturnedFen: 1, transactionId: 1 });
  const signed = (e: Doc) => (e.kind === 'refund' ? -1 : 1) * Number(e.amountFen);
  const money = ledger.filter((e) => e.kind === 'paid' || e.kind === 'refund');
  const raised = sumBy(money, (e) => idOf(e.campaignId), signed);
  // A refund returns its share of the matching funds to the pool (`matchReturnedFen`).
  const matched = sumBy(ledger.filter((e) => e.kind === 'match' || e.kind === 'refund'), (e) => idOf(e.campaignId),
    (e) => (e.kind === 'refund' ? -Number(e.matchReturnedFen ?? 0) : Number(e.amountFen)));

  for (const e of ledger) {
    if (!Number.isInteger(e.amountFen) || Number(e.amountFen) < 0) report.violations.push(`ledger ${idOf(e._id)}: amount ${String(e.amountFen)} is not whole non-negative fen`);
  }
  const refundsPerDonation = sumBy(ledger.filter((e) => e.kind === 'refund'), (e) => idOf(e.donationId), (e) => Number(e.amountFen));
  const paidPerDonation = sumBy(ledger.filter((e) => e.kind === 'paid'), (e) => idOf(e.donationId), (e) => Number(e.amountFen));
  for (const [donationId, refunded] of refundsPerDonation) {
    if (refunded > (paidPerDonation.get(donationId) ?? 0)) report.violations.push(`donation ${donationId}: refunded ${refunded} fen of ${paidPerDonation.get(donationId) ?? 0} paid`);
  }
  for (const [donationId, n] of countBy(ledger.filter((e) => e.kind === 'paid'), (e) => idOf(e.donationId))) {
    if (n !== 1) report.violations.push(`donation ${donationId}: paid ${n} times in the ledger`);
  }
  const withTransaction = ledger.filter((e) => e.kind === 'paid' && typeof e.transactionId === 'string');
  for (const [transactionId, n] of countBy(withTransaction, (e) => String(e.transactionId))) {
    if (n > 1) report.violations.push(`provider transaction ${transactionId} credited ${n} times`);
  }
  for (const [campaignId, fen] of raised) if (fen < 0) report.violations.push(`campaign ${campaignId}: total ${fen} fen is negative`);
  checkRefundRequests(ledger, await all(target.db, 'donation_refunds', { status: 1, amountFen: 1, matchReturnedFen: 1 }), report);

  await checkPools(target, matched, report);

  const campaigns = await all(target.db, 'campaigns', { _id: 1 });
  report.checked.campaigns = campaigns.length;
  report.checked.ledgerEntries = ledger.length;
  if (!target.redis || !target.redisPrefix) return;
  for (const campaign of campaigns) {
    const id = idOf(campaign._id);
    const live = await target.redis.hmget(`${target.redisPrefix}:campaign:${id}:tally`, 'raisedFen', 'matchedFen');
    if (live[0] === null) continue; // never watched or donated to since the last restart: nothing live to compare
    const expectRaised = raised.get(id) ?? 0;
    const expectMatched = matched.get(id) ?? 0;
    if (Number(live[0]) !== expectRaised) report.violations.push(`campaign ${id}: live tally ${live[0]} fen, ledger says ${expectRaised}`);
    if (live[1] !== null && Number(live[1]) !== expectMatched) report.violations.push(`campaign ${id}: live matched ${live[1]} fen, ledger says ${expectMatched}`);
  }
}

/**
 * Every paid donation has exactly one receipt, for the amount paid, under a number no other receipt
 * carries; no receipt for an unpaid donation; at most one thank-you notice per paid donation, none
 * for an unpaid one.
 */
async function checkReceipts(target: InvariantTarget, report: InvariantReport): Promise<void> {
  const paidNow = async () => {
    const paid = await target.db.collection('donation_ledger').find({ kind: 'paid' }, { projection: { donationId: 1, amountFen: 1 } }).toArray() as Doc[];
    return new Map(paid.map((e) => [idOf(e.donationId), Number(e.amountFen)]));
  };
  // Payments may still be settling while this reads (late notifications, repairs). A paid entry is
  // stored before its receipt and thank-you, so "paid ⇒ one receipt" is judged on the entries read
  // before the receipts, and "receipt or thank-you ⇒ paid" on those read after them.
  const paidFen = await paidNow();
  const receipts = await all(target.db, 'donation_receipts', { number: 1, amountFen: 1 });
  const thanks = await target.db.collection('notifications').find({ kind: 'donation-thanks' }, { projection: { 'data.donationId': 1 } }).toArray() as Doc[];
  const paidLater = await paidNow();
  const receiptsPer = countBy(receipts, (r) => idOf(r._id));
  const receiptOf = new Map(receipts.map((r) => [idOf(r._id), r]));
  for (const [donationId, fen] of paidFen) {
    const n = receiptsPer.get(donationId) ?? 0;
    if (n !== 1) report.violations.push(`donation ${donationId}: paid with ${n} receipts`);
    const receipt = receiptOf.get(donationId);
    if (receipt && Number(receipt.amountFen) !== fen) report.violations.push(`receipt ${String(receipt.number)}: ${String(receipt.amountFen)} fen, ${fen} paid`);
  }
  for (const r of receipts) if (!paidLater.has(idOf(r._id))) report.violations.push(`receipt ${String(r.number)}: donation ${idOf(r._id)} is not paid`);
  for (const [number, n] of countBy(receipts, (r) => String(r.number))) {
    if (n > 1) report.violations.push(`receipt number ${number} issued ${n} times`);
  }
  for (const [donationId, n] of countBy(thanks, (t) => String((t.data as Doc | undefined)?.donationId))) {
    if (n > 1) report.violations.push(`donation ${donationId}: thanked ${n} times`);
    if (!paidLater.has(donationId)) report.violations.push(`donation ${donationId}: thanked but not paid`);
  }
  report.checked.receipts = receipts.length;
  report.checked.thanks = thanks.length;
}

/**
 * Teams (一起捐): every team-ledger gift is a paid donation of the campaign, counted once; a team's
 * live tally equals its team ledger.
 */
async function checkTeams(target: InvariantTarget, report: InvariantReport): Promise<void> {
  const gifts = await all(target.db, 'campaign_team_gifts', { teamId: 1, campaignId: 1, amountFen: 1 });
  report.checked.teamGifts = gifts.length;
  if (gifts.length === 0) return;
  const paid = new Set((await target.db.collection('donation_ledger').find({ kind: { $in: ['paid', 'refund'] } }, { projection: { _id: 1 } }).toArray()).map((e) => idOf(e._id)));
  for (const g of gifts) if (!paid.has(idOf(g._id))) report.violations.push(`team gift ${idOf(g._id)}: not in the donation ledger`);
  const raised = sumBy(gifts, (g) => `${idOf(g.campaignId)}|${idOf(g.teamId)}`, (g) => Number(g.amountFen));
  if (!target.redis || !target.redisPrefix) return;
  for (const [key, fen] of raised) {
    const [campaignId, teamId] = key.split('|');
    const live = await target.redis.zscore(`${target.redisPrefix}:campaign:${campaignId}:team-raised`, teamId!);
    if (live !== null && Number(live) !== fen) report.violations.push(`team ${teamId}: live tally ${live} fen, team ledger says ${fen}`);
  }
}

/**
 * The opt-in leaderboard: a live board equals the ledger's entries marked for it (donors' money,
 * refunds off, lines at 0 gone), and every name on it is masked ("张*") or 爱心人士.
 */
async function checkLeaderboards(target: InvariantTarget, report: InvariantReport): Promise<void> {
  const entries = await target.db.collection('donation_ledger')
    .find({ leaderboardName: { $exists: true } }, { projection: { kind: 1, campaignId: 1, userId: 1, amountFen: 1 } }).toArray() as Doc[];
  report.checked.leaderboardEntries = entries.length;
  const lines = sumBy(entries, (e) => `${idOf(e.campaignId)}|${idOf(e.userId)}`, (e) => (e.kind === 'refund' ? -1 : 1) * Number(e.amountFen));
  if (!target.redis || !target.redisPrefix) return;
  const byCampaign = new Map<string, Map<string, number>>();
  for (const [key, fen] of lines) {
    const [campaignId, userId] = key.split('|') as [string, string];
    const board = byCampaign.get(campaignId) ?? new Map<string, number>();
    byCampaign.set(campaignId, board);
    if (fen > 0) board.set(userId, fen);
  }
  for (const [campaignId, expected] of byCampaign) {
    const key = `${target.redisPrefix}:campaign:${campaignId}:leaderboard`;
    if (!(await target.redis.exists(key, `${key}-names`))) continue; // lost with Redis: reconciliation rebuilds it
    const flat = await target.redis.zrange(key, 0, -1, 'WITHSCORES');
    const live = new Map<string, number>();
    for (let i = 0; i < flat.length; i += 2) live.set(flat[i]!, Number(flat[i + 1]));
    for (const userId of new Set([...live.keys(), ...expected.keys()])) {
      if (live.get(userId) !== expected.get(userId)) {
        report.violations.push(`leaderboard of ${campaignId}: donor ${userId} at ${live.get(userId) ?? 0} fen, ledger says ${expected.get(userId) ?? 0}`);
      }
    }
    for (const name of Object.values(await target.redis.hgetall(`${key}-names`))) {
      if (name !== '爱心人士' && !/^.\*$/u.test(name)) report.violations.push(`leaderboard of ${campaignId}: unmasked name on the board`);
    }
  }
}

/** Per shift: held seats and live enrollments within capacity; every enrolled volunteer holds exactly one seat. */
async function checkShifts(target: InvariantTarget, report: InvariantReport): Promise<void> {
  const needs = await all(target.db, 'needs', { 'shifts._id': 1, 'shifts.capacity': 1 });
  const capacity = new Map<string, number>();
  for (const need of needs) for (const shift of (need.shifts as Doc[] | undefined) ?? []) capacity.set(idOf(shift._id), Number(shift.capacity));
  const seats = await all(target.db, 'shift_seats', { pool: 1, holder: 1 });
  const enrollments = await all(target.db, 'enrollments', { shiftId: 1, status: 1 });
  const enrolled = enrollments.filter((e) => e.status === 'enrolled');
  for (const [shiftId, n] of countBy(seats, (s) => String(s.pool))) {
    const cap = capacity.get(shiftId);
    if (cap !== undefined && n > cap) report.violations.push(`shift ${shiftId}: ${n} seats held, capacity ${cap}`);
  }
  for (const [shiftId, n] of countBy(enrolled, (e) => idOf(e.shiftId))) {
    const cap = capacity.get(shiftId);
    if (cap !== undefined && n > cap) report.violations.push(`shift ${shiftId}: ${n} enrolled, capacity ${cap}`);
  }
  for (const [holder, n] of countBy(seats, (s) => String(s.holder))) {
    if (n > 1) report.violations.push(`enrollment ${holder} holds ${n} seats`);
  }
  report.checked.shifts = capacity.size;
  report.checked.enrollments = enrollments.length;
}

/**
 * Per meal: portions taken, and bookings not cancelled, within the meal's capacity at that point;
 * every delivery task holds only delivery bookings of its own point, day and meal, and only one task
 * holds a booking.
 */
async function checkMeals(target: InvariantTarget, report: InvariantReport): Promise<void> {
  const points = await all(target.db, 'meal_points', { meals: 1 });
  const capacity = new Map<string, number>();
  for (const point of points) for (const meal of (point.meals as Doc[] | undefined) ?? []) capacity.set(`${idOf(point._id)}#${String(meal.meal)}`, Number(meal.capacity));
  const places = await all(target.db, 'meal_places', { pool: 1 });
  for (const [pool, n] of countBy(places, (p) => String(p.pool))) {
    const [pointId, , meal] = pool.split('#');
    const cap = capacity.get(`${pointId}#${meal}`);
    if (cap !== undefined && n > cap) report.violations.push(`meal ${pool}: ${n} booked, capacity ${cap}`);
  }
  report.checked.mealPools = new Set(places.map((p) => p.pool)).size;
  const bookings = await all(target.db, 'meal_bookings', { pointId: 1, date: 1, meal: 1, mode: 1, status: 1 });
  const live = bookings.filter((b) => b.status !== 'cancelled');
  for (const [key, n] of countBy(live, (b) => `${String(b.pointId)}#${String(b.date)}#${String(b.meal)}`)) {
    const [pointId, , meal] = key.split('#');
    const cap = capacity.get(`${pointId}#${meal}`);
    if (cap !== undefined && n > cap) report.violations.push(`meal ${key}: ${n} bookings, capacity ${cap}`);
  }
  report.checked.mealBookings = bookings.length;
  const byId = new Map(bookings.map((b) => [idOf(b._id), b]));
  const tasks = await all(target.db, 'meal_delivery_tasks', { pointId: 1, date: 1, meal: 1, bookingIds: 1 });
  const holders = new Map<string, string>();
  for (const task of tasks) {
    for (const bookingId of (task.bookingIds as string[] | undefined) ?? []) {
      const b = byId.get(bookingId);
      if (!b || b.mode !== 'delivery' || b.pointId !== task.pointId || b.date !== task.date || b.meal !== task.meal) {
        report.violations.push(`delivery task ${idOf(task._id)} holds booking ${bookingId} of another meal or mode`);
      }
      if (holders.has(bookingId)) report.violations.push(`booking ${bookingId} is in tasks ${holders.get(bookingId)} and ${idOf(task._id)}`);
      holders.set(bookingId, idOf(task._id));
    }
  }
  report.checked.deliveryTasks = tasks.length;
}

/** Per certificate: its hours add up, and never exceed what the hours ledger held when it was issued. */
async function checkCertificates(target: InvariantTarget, report: InvariantReport): Promise<void> {
  const certificates = await all(target.db, 'service_certificates', { userId: 1, totalMinutes: 1, activities: 1, issuedAt: 1 });
  if (certificates.length === 0) { report.checked.certificates = 0; return; }
  const ledger = await all(target.db, 'service_hours', { userId: 1, minutes: 1, createdAt: 1 });
  for (const c of certificates) {
    const activities = (c.activities as Doc[] | undefined) ?? [];
    const listed = activities.reduce((n, a) => n + Number(a.minutes), 0);
    if (listed !== Number(c.totalMinutes)) report.violations.push(`certificate ${idOf(c._id)}: activities add up to ${listed} min, total says ${String(c.totalMinutes)}`);
    const issuedAt = new Date(c.issuedAt as Date).getTime();
    const ledgerMinutes = ledger
      .filter((e) => idOf(e.userId) === idOf(c.userId) && new Date(e.createdAt as Date).getTime() <= issuedAt)
      .reduce((n, e) => n + Number(e.minutes), 0);
    if (Number(c.totalMinutes) > ledgerMinutes) report.violations.push(`certificate ${idOf(c._id)}: ${String(c.totalMinutes)} min certified, ${ledgerMinutes} min in the ledger at issue`);
  }
  report.checked.certificates = certificates.length;
}

/** Runs every check; a check whose collections do not exist yet finds nothing to check. */
export async function checkInvariants(target: InvariantTarget): Promise<InvariantReport> {
  const report: InvariantReport = { checked: {}, violations: [] };
  await checkMoney(target, report);
  await checkReceipts(target, report);
  await checkTeams(target, report);
  await checkLeaderboards(target, report);
  await checkShifts(target, report);
  await checkMeals(target, report);
  await checkCertificates(target, report);
  return report;
}
