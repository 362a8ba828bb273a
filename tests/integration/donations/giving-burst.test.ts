import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import request from 'supertest';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { eventually } from '../../helpers/eventually';
import { aUser, bearer, type TestUser } from '../../fixtures/users';
import { aCharity, aLiveCampaign, type CharityWorld } from '../campaigns/campaign-fixtures';

let api: TestApi;
let world: CharityWorld;
/** `find <collection>` commands this process sent while `counting`. */
const reads = new Map<string, number>();
let counting = false;

beforeAll(async () => {
  api = await startTestApi({ MONGODB_MONITOR_COMMANDS: 'true' });
  world = await aCharity(api);
  api.runtime.infra.connection.getClient().on('commandStarted', (event) => {
    if (!counting || event.commandName !== 'find') return;
    const collection = String(event.command.find);
    reads.set(collection, (reads.get(collection) ?? 0) + 1);
  });
});
afterAll(() => api.stop());

const RECENT_CAMPAIGN_TTL_MS = 1000;

async function give(donor: TestUser, campaignId: string, amountFen: number): Promise<string> {
  const created = await request(api.url).post(`/api/v1/campaigns/${campaignId}/donations`).set(bearer(donor))
    .set('idempotency-key', randomUUID()).send({ amountFen, message: '加油' }).expect(201);
  const paid = await request(api.url).post(`/api/v1/payments/sandbox/${created.body.id}/pay`).set(bearer(donor)).send().expect(200);
  expect(paid.body.status).toBe('paid');
  return created.body.id as string;
}

describe('a giving-day burst', () => {
  it('when 30 donors each give twice at once after the campaign copy expired, then the campaign, its absent pool and each donor are read once, not once per gift, and the tally is the sum to the fen', async () => {
    const campaignId = await aLiveCampaign(api, world);
    const donors = await Promise.all(Array.from({ length: 30 }, () => aUser(api, ['donor'])));
    const amounts = Array.from({ length: 60 }, (_, i) => 100 + ((i * 7919) % 9900));
    await new Promise((resolve) => setTimeout(resolve, RECENT_CAMPAIGN_TTL_MS + 100));
    reads.clear();
    counting = true;
    const started = Date.now();
    const donationIds = await Promise.all(amounts.map((amountFen, i) => give(donors[Math.floor(i / 2)]!, campaignId, amountFen)));
    counting = false;
    // One read per expiry of the 1 s copies (and of "no pool"), however many gifts wait on it.
    const expiries = Math.ceil((Date.now() - started) / RECENT_CAMPAIGN_TTL_MS) + 1;
    expect(reads.get('campaigns') ?? 0).toBeLessThanOrEqual(expiries);
    expect(reads.get('matching_pools') ?? 0).toBeLessThanOrEqual(expiries);
    // A donor's two gifts started together share the read of the donor's name.
    expect(reads.get('users') ?? 0).toBeLessThanOrEqual(donors.length);

    const expected = amounts.reduce((sum, a) => sum + a, 0);
    const page = (await request(api.url).get(`/api/v1/campaigns/${campaignId}`).set(bearer(donors[0]!)).expect(200)).body;
    expect(page.tally).toMatchObject({ raisedFen: expected, donorCount: donors.length });
    const ledger = await api.runtime.infra.connection.collection('donation_ledger')
      .find({ campaignId: new Types.ObjectId(campaignId), kind: 'paid' }).toArray();
    expect(ledger).toHaveLength(60);
    expect(new Set(ledger.map((e) => String(e.donationId)))).toEqual(new Set(donationIds));
    expect(ledger.reduce((sum, e) => sum + (e.amountFen as number), 0)).toBe(expected);
  });

  it('when settlement has issued a receipt, then the thank-you names it without reading it back from the store', async () => {
    const campaignId = await aLiveCampaign(api, world);
    const donor = await aUser(api, ['donor']);
    reads.clear();
    counting = true;
    const donationId = await give(donor, campaignId, 6600);
    const thanks = await eventually(async () => {
      const found = (await request(api.url).get('/api/v1/me/notifications').set(bearer(donor)).expect(200)).body.items
        .filter((n: { kind: string }) => n.kind === 'donation-thanks');
      expect(found).toHaveLength(1);
      return found;
    });
    counting = false;
    expect(thanks[0]).toMatchObject({ id: `donation-thanks:${donationId}`, data: { donationId, campaignId } });
    expect(thanks[0].body).toContain('66.00');
    expect(reads.get('donation_receipts') ?? 0).toBe(0);
  });
});
