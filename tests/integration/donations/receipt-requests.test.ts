import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import request from 'supertest';
import { receiptReminderDue, type Actor } from '@tongxin/shared';
import { signNotification } from '../../../server/src/modules/payments/wechatpay.signer';
import type { WechatPayTransaction } from '../../../server/src/modules/payments/wechatpay.notification';
import { eventually } from '../../helpers/eventually';
import { expectInvariants } from '../../helpers/invariants';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { aUser, bearer, type TestUser } from '../../fixtures/users';
import { aCharity, aCreditCode, aLiveCampaign, type CharityWorld } from '../campaigns/campaign-fixtures';
import { ReceiptRequestsRepository } from '../../../server/src/modules/donations/receipt-requests.repository';

// Receipt requests (捐赠票据申请): a donor asks for a receipt for chosen paid donations within
// 3 months of giving and in the same calendar year; one donation is on one request at most; the
// organization marks it issued with the amount actually received.

jest.setTimeout(90_000);

let api: TestApi;
let world: CharityWorld;
let campaignId: string;

beforeAll(async () => {
  api = await startTestApi();
  world = await aCharity(api, { name: '成都市同心票据申请基金会' });
  campaignId = await aLiveCampaign(api, world, { title: '社区助老餐桌' });
});
afterAll(() => api.stop());

const db = () => api.runtime.infra.connection.db!;
const requests = () => api.runtime.modules.donations.receiptRequests;
const actorOf = (user: TestUser): Actor => ({ userId: user.id, roles: ['donor'], scopes: {} });
const PERSON = { kind: 'person', name: '张三' } as const;

async function pendingDonation(donor: TestUser, amountFen: number, campaign = campaignId): Promise<string> {
  const created = await request(api.url).post(`/api/v1/campaigns/${campaign}/donations`).set(bearer(donor))
    .set('idempotency-key', randomUUID()).send({ amountFen }).expect(201);
  return created.body.id;
}

/** A donation paid at `paidAt`: WeChat's notification (signed with the sandbox keys) says when the payment succeeded. */
async function paidDonation(donor: TestUser, amountFen: number, paidAt = new Date(), campaign = campaignId): Promise<string> {
  const donationId = await pendingDonation(donor, amountFen, campaign);
  const transaction: WechatPayTransaction = {
    appid: api.config.WECHAT_APP_ID, mchid: api.config.WECHATPAY_MCH_ID, out_trade_no: donationId,
    transaction_id: `SANDBOX${donationId}`, trade_state: 'SUCCESS', success_time: paidAt.toISOString(),
    amount: { total: amountFen, payer_total: amountFen, currency: 'CNY' },
  };
  const n = signNotification(transaction, api.runtime.modules.payments.sandboxKeys!, new Date());
  await request(api.url).post('/api/v1/payments/wechat/notify').set(n.headers).send(n.body.toString()).expect(204);
  return donationId;
}

const ask = (user: TestUser, body: object) => request(api.url).post('/api/v1/me/receipt-requests').set(bearer(user)).send(body);
const refund = (donationId: string, amountFen: number) => request(api.url).post(`/api/v1/donations/${donationId}/refunds`)
  .set(bearer(world.orgAdmin)).set('idempotency-key', randomUUID()).send({ amountFen, reason: '捐赠人申请部分退款' }).expect(201);
const shanghai = (local: string) => new Date(`${local}+08:00`);

describe('POST /api/v1/me/receipt-requests', () => {
  it('when a donor asks for two paid donations, one partly refunded, then the request carries what was received, and a retry returns the same request', async () => {
    const donor = await aUser(api, ['donor']);
    const [a, b] = [await paidDonation(donor, 5000), await paidDonation(donor, 3000)];
    await refund(a, 1200);
    const created = await ask(donor, { donationIds: [a, b], payer: PERSON }).expect(201);
    expect(created.body).toMatchObject({
      status: 'requested', receivedFen: 3800 + 3000, payer: PERSON,
      organization: { id: world.organizationId, name: '成都市同心票据申请基金会' },
    });
    expect(created.body.lines).toEqual(expect.arrayContaining([
      expect.objectContaining({ donationId: a, campaignId, campaignTitle: '社区助老餐桌', amountFen: 5000, receivedFen: 3800 }),
      expect.objectContaining({ donationId: b, amountFen: 3000, receivedFen: 3000 }),
    ]));
    const retry = await ask(donor, { donationIds: [b, a], payer: PERSON }).expect(200);
    expect(retry.body.id).toBe(created.body.id);

    const mine = (await request(api.url).get('/api/v1/me/receipt-requests').set(bearer(donor)).expect(200)).body;
    expect(mine.items.map((r: { id: string }) => r.id)).toEqual([created.body.id]);
    const history = (await request(api.url).get('/api/v1/me/donations').set(bearer(donor)).expect(200)).body.items;
    expect(history.map((d: { receiptRequestId?: string }) => d.receiptRequestId)).toEqual([created.body.id, created.body.id]);
    // The payer's name is sealed at rest.
    const stored = await db().collection('donation_receipt_requests').findOne({ _id: new Types.ObjectId(created.body.id as string) });
    expect(JSON.stringify(stored)).not.toContain('张三');
  });

  it('when a donation is already on a request, then another request with it is refused and claims nothing', async () => {
    const donor = await aUser(api, ['donor']);
    const [a, b, c] = [await paidDonation(donor, 1000), await paidDonation(donor, 1000), await paidDonation(donor, 1000)];
    await ask(donor, { donationIds: [a, b], payer: PERSON }).expect(201);
    const refused = await ask(donor, { donationIds: [c, b], payer: { kind: 'person', name: '李四' } });
    expect(refused.status).toBe(409);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.body.code).toBe('RECEIPT_ALREADY_REQUESTED');
    expect(refused.body.title).toMatch(/已申请/);
    // c was claimed first (ids in order) and given back: it can still be requested on its own.
    await ask(donor, { donationIds: [c], payer: PERSON }).expect(201);
  });

  it('when the donation is another donor\'s, unpaid, fully refunded or with another organization, then it is refused', async () => {
    const donor = await aUser(api, ['donor']);
    const stranger = await aUser(api, ['donor']);
    const theirs = await paidDonation(stranger, 1000);
    const mine = await paidDonation(donor, 1000);
    expect((await ask(donor, { donationIds: [mine, theirs], payer: PERSON })).status).toBe(404);
    expect((await ask(donor, { donationIds: [new Types.ObjectId().toHexString()], payer: PERSON })).status).toBe(404);
    expect((await ask(donor, { donationIds: [await pendingDonation(donor, 1000)], payer: PERSON })).body.code).toBe('RECEIPT_NOT_AVAILABLE');
    const refunded = await paidDonation(donor, 1500);
    await refund(refunded, 1500);
    expect((await ask(donor, { donationIds: [refunded], payer: PERSON })).body.code).toBe('RECEIPT_NOTHING_RECEIVED');
    const other = await aCharity(api);
    const elsewhere = await paidDonation(donor, 1000, new Date(), await aLiveCampaign(api, other));
    const mixed = await ask(donor, { donationIds: [mine, elsewhere], payer: PERSON });
    expect(mixed.status).toBe(400);
    expect(mixed.body.code).toBe('RECEIPT_ORGANIZATIONS_MIXED');
    // Nothing was claimed by the refused requests.
    expect(await db().collection('donation_receipt_claims').countDocuments({ _id: new Types.ObjectId(mine) })).toBe(0);
    await ask(donor, { donationIds: [mine], payer: { kind: 'organization', name: '成都同心科技有限公司', creditCode: aCreditCode() } }).expect(201);
  });

  it('when the body is malformed, then 400 with Chinese field errors', async () => {
    const donor = await aUser(api, ['donor']);
    const id = await paidDonation(donor, 1000);
    const good = aCreditCode();
    const cases = [
      { donationIds: [], payer: PERSON },
      { donationIds: [id, id], payer: PERSON },
      { donationIds: [id], payer: { kind: 'organization', name: '某公司', creditCode: good.slice(0, 17) + (good[17] === '0' ? '1' : '0') } },
      { donationIds: [id], payer: { kind: 'person', name: '张' } },
      { donationIds: [id], payer: PERSON, status: 'issued' },
      { donationIds: { $ne: null }, payer: PERSON },
    ];
    for (const body of cases) {
      const answer = await ask(donor, body);
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe('VALIDATION_FAILED');
    }
    await ask(donor, { donationIds: [id], payer: PERSON }).expect(201);
  });
});

describe('the request window', () => {
  it('when 3 months after payment have not yet passed, then a request is taken; at 3 months it is refused (Shanghai calendar)', async () => {
    const donor = await aUser(api, ['donor']);
    const inside = await paidDonation(donor, 1000, shanghai('2026-03-31T10:00:00.000'));
    const edge = await paidDonation(donor, 1000, shanghai('2026-03-31T10:00:00.000'));
    // March 31st + 3 months = June 30th (the month's last day), 10:00 in Shanghai.
    await expect(requests().request(actorOf(donor), { donationIds: [edge], payer: PERSON }, shanghai('2026-06-30T10:00:00.000')))
      .rejects.toMatchObject({ code: 'RECEIPT_WINDOW_CLOSED' });
    const taken = await requests().request(actorOf(donor), { donationIds: [inside], payer: PERSON }, shanghai('2026-06-30T09:59:59.999'));
    expect(taken.request.status).toBe('requested');
  });

  it('when the new calendar year has begun, then a gift of late December can no longer be requested, though 3 months have not passed', async () => {
    const donor = await aUser(api, ['donor']);
    const [a, b] = [await paidDonation(donor, 1000, shanghai('2025-12-20T10:00:00.000')), await paidDonation(donor, 1000, shanghai('2025-12-20T10:00:00.000'))];
    await expect(requests().request(actorOf(donor), { donationIds: [a], payer: PERSON }, shanghai('2026-01-01T00:00:00.000')))
      .rejects.toMatchObject({ code: 'RECEIPT_WINDOW_CLOSED' });
    await requests().request(actorOf(donor), { donationIds: [b], payer: PERSON }, shanghai('2025-12-31T23:59:59.999'));
  });

  it('over HTTP, now: a gift paid just over 3 months ago is refused, one paid just under is taken', async () => {
    const donor = await aUser(api, ['donor']);
    const now = Date.now();
    const threeMonthsAgo = (shift: number) => {
      const at = new Date(now + 8 * 3_600_000);
      at.setUTCMonth(at.getUTCMonth() - 3);
      return new Date(at.getTime() - 8 * 3_600_000 + shift);
    };
    const old = await paidDonation(donor, 1000, threeMonthsAgo(-60_000));
    const recent = await paidDonation(donor, 1000, threeMonthsAgo(3_600_000));
    expect((await ask(donor, { donationIds: [old], payer: PERSON })).body.code).toBe('RECEIPT_WINDOW_CLOSED');
    if (new Date(threeMonthsAgo(3_600_000).getTime() + 8 * 3_600_000).getUTCFullYear() === new Date(now + 8 * 3_600_000).getUTCFullYear()) {
      await ask(donor, { donationIds: [recent], payer: PERSON }).expect(201);
    } else {
      expect((await ask(donor, { donationIds: [recent], payer: PERSON })).body.code).toBe('RECEIPT_WINDOW_CLOSED');
    }
  });
});

describe('concurrent requests', () => {
  it('when the same request is sent 8 times at once, then one request holds the donations and every answer names it or is refused', async () => {
    const donor = await aUser(api, ['donor']);
    const ids = [await paidDonation(donor, 1000), await paidDonation(donor, 2000), await paidDonation(donor, 3000)];
    const answers = await Promise.all(Array.from({ length: 8 }, () => ask(donor, { donationIds: ids, payer: PERSON })));
    const made = answers.filter((a) => a.status === 201);
    expect(made).toHaveLength(1);
    for (const a of answers.filter((x) => x.status !== 201)) {
      expect([200, 409]).toContain(a.status);
      if (a.status === 200) expect(a.body.id).toBe(made[0]!.body.id);
    }
    const claims = await db().collection('donation_receipt_claims').find({ _id: { $in: ids.map((id) => new Types.ObjectId(id)) } }).toArray();
    expect(claims.map((c) => String(c.requestId))).toEqual([made[0]!.body.id, made[0]!.body.id, made[0]!.body.id]);
    const mine = (await request(api.url).get('/api/v1/me/receipt-requests').set(bearer(donor)).expect(200)).body.items;
    expect(mine).toHaveLength(1);
  });

  it('when 6 different requests race for overlapping donations, then each donation is on exactly one request and the winners share none', async () => {
    const donor = await aUser(api, ['donor']);
    const ids = await Promise.all(Array.from({ length: 4 }, (_, i) => paidDonation(donor, 1000 + i)));
    const bodies = Array.from({ length: 6 }, (_, i) => ({ donationIds: [ids[i % 4]!, ids[(i + 1) % 4]!], payer: { kind: 'person', name: `付款人${i}` } }));
    const answers = await Promise.all(bodies.map((body) => ask(donor, body)));
    expect(answers.every((a) => a.status === 201 || (a.status === 409 && a.body.code === 'RECEIPT_ALREADY_REQUESTED'))).toBe(true);
    const won = answers.filter((a) => a.status === 201).map((a) => a.body as { id: string; lines: Array<{ donationId: string }> });
    expect(won.length).toBeGreaterThanOrEqual(1);
    const covered = won.flatMap((r) => r.lines.map((l) => l.donationId));
    expect(new Set(covered).size).toBe(covered.length);
    const claims = await db().collection('donation_receipt_claims').find({ _id: { $in: ids.map((id) => new Types.ObjectId(id)) } }).toArray();
    expect(claims).toHaveLength(covered.length);
    for (const claim of claims) expect(won.find((r) => r.id === String(claim.requestId))!.lines.map((l) => l.donationId)).toContain(String(claim._id));
  });
});

describe('the organization\'s side', () => {
  it('when the organizer marks a request issued, then the receipt carries the amount received then, it is audited and the donor is told', async () => {
    const donor = await aUser(api, ['donor']);
    const [a, b] = [await paidDonation(donor, 4000), await paidDonation(donor, 1000)];
    const created = (await ask(donor, { donationIds: [a, b], payer: PERSON }).expect(201)).body;
    await refund(a, 500); // after the request: the receipt still shows only what was received

    const listed = (await request(api.url).get(`/api/v1/organizations/${world.organizationId}/receipt-requests?status=requested`).set(bearer(world.orgAdmin)).expect(200)).body;
    expect(listed.items.map((r: { id: string }) => r.id)).toContain(created.id);
    const other = await aCharity(api);
    expect((await request(api.url).get(`/api/v1/organizations/${world.organizationId}/receipt-requests`).set(bearer(other.orgAdmin))).status).toBe(403);
    expect((await request(api.url).post(`/api/v1/receipt-requests/${created.id}/issue`).set(bearer(other.orgAdmin)).send({ receiptNumber: 'PJ-2026-0001' })).status).toBe(403);
    expect((await request(api.url).post(`/api/v1/receipt-requests/${created.id}/issue`).set(bearer(donor)).send({ receiptNumber: 'PJ-2026-0001' })).status).toBe(403);

    const issued = (await request(api.url).post(`/api/v1/receipt-requests/${created.id}/issue`).set(bearer(world.orgAdmin)).send({ receiptNumber: 'PJ-2026-0001' }).expect(200)).body;
    expect(issued).toMatchObject({ status: 'issued', receiptNumber: 'PJ-2026-0001', receivedFen: 3500 + 1000 });
    await request(api.url).post(`/api/v1/receipt-requests/${created.id}/issue`).set(bearer(world.orgAdmin)).send({ receiptNumber: 'PJ-2026-0001' }).expect(200);
    const again = await request(api.url).post(`/api/v1/receipt-requests/${created.id}/issue`).set(bearer(world.orgAdmin)).send({ receiptNumber: 'PJ-2026-0002' });
    expect(again.body.code).toBe('RECEIPT_ALREADY_ISSUED');

    expect(await db().collection('audit_entries').countDocuments({ action: 'receipt-request:issue', subjectId: created.id })).toBe(1);
    const notices = (await request(api.url).get('/api/v1/me/notifications').set(bearer(donor)).expect(200)).body.items;
    expect(notices).toContainEqual(expect.objectContaining({ id: `receipt-issued:${created.id}`, kind: 'receipt-issued' }));
    const mine = (await request(api.url).get('/api/v1/me/receipt-requests?status=issued').set(bearer(donor)).expect(200)).body.items;
    expect(mine).toEqual([expect.objectContaining({ id: created.id, receiptNumber: 'PJ-2026-0001' })]);
    await expectInvariants(api);
  });
});

describe('the reminder before the window closes', () => {
  it('when a donation is paid, then a reminder is due a week before its window closes; it is sent once per closing day and not after a request', async () => {
    const donor = await aUser(api, ['donor']);
    const paidAt = new Date(Date.now() - 60_000);
    const [a, b] = [await paidDonation(donor, 1000, paidAt), await paidDonation(donor, 1000, paidAt)];
    const reminders = api.runtime.modules.donations.receiptReminders;
    await eventually(async () => expect((await reminders.scheduledAt(a))?.getTime()).toBe(receiptReminderDue(paidAt)!.getTime()), 20_000, 200);

    expect(await reminders.deliver(`${a}|window`)).toBe('sent');
    expect(await reminders.deliver(`${b}|window`)).toBe('already-sent');
    const notices = (await request(api.url).get('/api/v1/me/notifications').set(bearer(donor)).expect(200)).body.items
      .filter((n: { kind: string }) => n.kind === 'receipt-window-closing');
    expect(notices).toHaveLength(1);
    expect(notices[0].title).toBe('捐赠票据申请即将截止');

    const later = await paidDonation(donor, 1000, new Date(paidAt.getTime() - 86_400_000));
    await eventually(async () => expect(await reminders.scheduledAt(later)).not.toBeNull(), 20_000, 200);
    await ask(donor, { donationIds: [later], payer: PERSON }).expect(201);
    expect(await reminders.scheduledAt(later)).toBeNull();
    expect(await reminders.deliver(`${later}|window`)).toBe('skipped');
  });

  it('when a request is declined, then its donations get their reminder back; one whose window has closed gets none', async () => {
    const donor = await aUser(api, ['donor']);
    const paidAt = new Date(Date.now() - 60_000);
    const a = await paidDonation(donor, 1000, paidAt);
    const reminders = api.runtime.modules.donations.receiptReminders;
    const decline = (requestId: string) => request(api.url).post(`/api/v1/receipt-requests/${requestId}/decline`).set(bearer(world.orgAdmin))
      .send({ reason: '付款人姓名与支付账户不符' }).expect(200);
    await eventually(async () => expect((await reminders.scheduledAt(a))?.getTime()).toBe(receiptReminderDue(paidAt)!.getTime()), 20_000, 200);
    const created = (await ask(donor, { donationIds: [a], payer: PERSON }).expect(201)).body;
    expect(await reminders.scheduledAt(a)).toBeNull();
    await decline(created.id);
    expect((await reminders.scheduledAt(a))?.getTime()).toBe(receiptReminderDue(paidAt)!.getTime());

    // Paid in December 2025 and asked for inside its window, which closed with that year.
    const old = await paidDonation(donor, 1000, shanghai('2025-12-20T10:00:00.000'));
    const late = await requests().request(actorOf(donor), { donationIds: [old], payer: PERSON }, shanghai('2025-12-21T10:00:00.000'));
    await decline(late.request.id);
    expect(await reminders.scheduledAt(old)).toBeNull();
  });

  it('when the organizer lists requests, then payers are masked; reading one whole is audited with who, which, when and from where', async () => {
    const donor = await aUser(api, ['donor']);
    const a = await paidDonation(donor, 2600);
    const b = await paidDonation(donor, 900);
    const person = (await ask(donor, { donationIds: [a], payer: { kind: 'person', name: '欧阳明月' } }).expect(201)).body;
    const code = aCreditCode();
    const company = (await ask(donor, { donationIds: [b], payer: { kind: 'organization', name: '成都某某科技有限公司', creditCode: code } }).expect(201)).body;

    const listed = (await request(api.url).get(`/api/v1/organizations/${world.organizationId}/receipt-requests?status=requested&limit=100`)
      .set(bearer(world.orgAdmin)).expect(200)).body.items as Array<{ id: string; payer: Record<string, string>; payerMasked: boolean }>;
    expect(listed.find((r) => r.id === person.id)).toMatchObject({ payer: { kind: 'person', name: '欧*' }, payerMasked: true });
    expect(listed.find((r) => r.id === company.id)).toMatchObject({
      payer: { kind: 'organization', name: '成都某某科技有限公司', creditCode: `${code.slice(0, 6)}**********${code.slice(-2)}` }, payerMasked: true,
    });
    expect(JSON.stringify(listed)).not.toContain('欧阳明月');
    expect(JSON.stringify(listed)).not.toContain(code);
    const audits = () => db().collection('audit_entries').find({ action: 'receipt-request:view-payer', subjectId: person.id }).toArray();
    expect(await audits()).toHaveLength(0);

    const whole = await request(api.url).get(`/api/v1/receipt-requests/${person.id}/payer`).set(bearer(world.orgAdmin))
      .set('user-agent', 'tongxin-organizer-test').set('x-forwarded-for', '203.0.113.9').expect(200);
    expect(whole.body).toEqual({ kind: 'person', name: '欧阳明月' });
    expect(whole.headers['cache-control']).toBe('no-store');
    const [entry] = await audits();
    expect(entry).toMatchObject({ actorId: new Types.ObjectId(world.orgAdmin.id), subjectType: 'receipt-request', userAgent: 'tongxin-organizer-test' });
    expect(typeof entry!.ip).toBe('string');
    expect(entry!.at).toBeInstanceOf(Date);
    expect(JSON.stringify(entry)).not.toContain('欧阳明月');

    // Another organization, the donor and a city admin are refused, and nothing is recorded for them.
    const other = await aCharity(api);
    for (const user of [other.orgAdmin, donor, world.cityAdmin]) {
      expect((await request(api.url).get(`/api/v1/receipt-requests/${person.id}/payer`).set(bearer(user))).status).toBe(403);
    }
    expect(await audits()).toHaveLength(1);

    // The donor's own list shows the payers whole, and that read is on the record too.
    const mine = (await request(api.url).get('/api/v1/me/receipt-requests').set(bearer(donor)).expect(200)).body.items as Array<{ id: string; payer: object; payerMasked: boolean }>;
    expect(mine.find((r) => r.id === person.id)).toMatchObject({ payer: { kind: 'person', name: '欧阳明月' }, payerMasked: false });
    expect(await db().collection('audit_entries').countDocuments({ action: 'receipt-request:view-payer', subjectType: 'user', subjectId: donor.id })).toBe(1);
    await expectInvariants(api);
  });

  it('when the organizer declines a request with a reason, then the donor is told, the donations can be requested again, and it cannot be issued', async () => {
    const donor = await aUser(api, ['donor']);
    const a = await paidDonation(donor, 1800);
    const created = (await ask(donor, { donationIds: [a], payer: PERSON }).expect(201)).body;
    const decline = (user: TestUser, reason: string) => request(api.url).post(`/api/v1/receipt-requests/${created.id}/decline`).set(bearer(user)).send({ reason });

    expect((await decline((await aCharity(api)).orgAdmin, '不是本机构的申请')).status).toBe(403);
    expect((await decline(donor, '我自己退回')).status).toBe(403);
    expect((await decline(world.orgAdmin, '')).status).toBe(400);
    const declined = (await decline(world.orgAdmin, '付款人姓名与支付账户不符').expect(200)).body;
    expect(declined).toMatchObject({ id: created.id, status: 'declined', declineReason: '付款人姓名与支付账户不符', payerMasked: true, payer: { name: '张*' } });
    await decline(world.orgAdmin, '付款人姓名与支付账户不符').expect(200);
    expect((await decline(world.orgAdmin, '另一个原因')).body.code).toBe('RECEIPT_ALREADY_DECLINED');
    const issue = await request(api.url).post(`/api/v1/receipt-requests/${created.id}/issue`).set(bearer(world.orgAdmin)).send({ receiptNumber: 'PJ-2026-0099' });
    expect(issue.body.code).toBe('RECEIPT_ALREADY_DECLINED');

    expect(await db().collection('audit_entries').countDocuments({ action: 'receipt-request:decline', subjectId: created.id })).toBe(1);
    const notices = (await request(api.url).get('/api/v1/me/notifications').set(bearer(donor)).expect(200)).body.items;
    expect(notices).toContainEqual(expect.objectContaining({ id: `receipt-declined:${created.id}`, kind: 'receipt-declined' }));
    const listed = (await request(api.url).get(`/api/v1/organizations/${world.organizationId}/receipt-requests?status=declined`).set(bearer(world.orgAdmin)).expect(200)).body.items;
    expect(listed.map((r: { id: string }) => r.id)).toContain(created.id);

    const again = (await ask(donor, { donationIds: [a], payer: { kind: 'person', name: '张三丰' } }).expect(201)).body;
    expect(again.id).not.toBe(created.id);
    await expectInvariants(api);
  });
  it('when the process died right after a decline moved the request, then the organizer\'s retry gives the donations back, tells the donor and audits it, once', async () => {
    const donor = await aUser(api, ['donor']);
    const paidAt = new Date(Date.now() - 60_000);
    const a = await paidDonation(donor, 1500, paidAt);
    const reminders = api.runtime.modules.donations.receiptReminders;
    await eventually(async () => expect(await reminders.scheduledAt(a)).not.toBeNull(), 20_000, 200);
    const created = (await ask(donor, { donationIds: [a], payer: PERSON }).expect(201)).body;
    expect(await reminders.scheduledAt(a)).toBeNull();
    const reason = '付款人信息不完整';
    // The state moves, then nothing: the claim stays, no reminder, no audit entry, no notice.
    const moved = await new ReceiptRequestsRepository(api.runtime.infra.connection).moveState(new Types.ObjectId(created.id), 'requested', {
      state: 'declined', declinedAt: new Date(), declinedBy: new Types.ObjectId(world.orgAdmin.id), declineReason: reason,
    });
    expect(moved).not.toBeNull();
    expect(await db().collection('donation_receipt_claims').countDocuments({ _id: new Types.ObjectId(a) })).toBe(1);
    // A claim left by a declined request does not hold back the reminder.
    expect(await reminders.deliver(`${a}|window`)).toBe('sent');

    const decline = () => request(api.url).post(`/api/v1/receipt-requests/${created.id}/decline`).set(bearer(world.orgAdmin)).send({ reason }).expect(200);
    expect((await decline()).body).toMatchObject({ id: created.id, status: 'declined', declineReason: reason });
    await decline();
    expect(await db().collection('donation_receipt_claims').countDocuments({ _id: new Types.ObjectId(a) })).toBe(0);
    expect((await reminders.scheduledAt(a))?.getTime()).toBe(receiptReminderDue(paidAt)!.getTime());
    expect(await db().collection('audit_entries').countDocuments({ action: 'receipt-request:decline', subjectId: created.id })).toBe(1);
    const notices = (await request(api.url).get('/api/v1/me/notifications').set(bearer(donor)).expect(200)).body.items as Array<{ id: string }>;
    expect(notices.filter((n) => n.id === `receipt-declined:${created.id}`)).toHaveLength(1);
    await expectInvariants(api);
  });
});
