import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { CREDIT_CODE_ALPHABET, creditCodeCheckChar, type CreateCampaignInput, type CreateOrganizationInput } from '@tongxin/shared';
import type { TestApi } from '../../helpers/test-api';
import { aUser, bearer, type TestUser } from '../../fixtures/users';

const DAY = 86_400_000;
const CATEGORY = { social_group: '1', social_service_agency: '2', foundation: '3' } as const;

/** A valid, unique civil-affairs credit code for the type (random organization-code part). */
export function aCreditCode(type: keyof typeof CATEGORY = 'foundation'): string {
  let body = `5${CATEGORY[type]}510104`;
  for (let i = 0; i < 9; i++) body += CREDIT_CODE_ALPHABET[Math.floor(Math.random() * CREDIT_CODE_ALPHABET.length)];
  return body + creditCodeCheckChar(body)!;
}

export function anOrganizationBody(overrides: Partial<CreateOrganizationInput> = {}): CreateOrganizationInput {
  return {
    name: '成都市同心公益基金会',
    creditCode: aCreditCode(overrides.type ?? 'foundation'),
    type: 'foundation',
    registeringAuthority: '成都市民政局',
    fundraisingQualification: { recordNumber: '川民公募2024001' },
    grade: '4A',
    contact: { name: '王老师', phone: '13900000001' },
    ...overrides,
  };
}

/** A campaign that may go live now: started a minute ago, plan filed 20 days before. */
export function aCampaignBody(organizationId: string, overrides: Partial<CreateCampaignInput> = {}): CreateCampaignInput {
  const now = Date.now();
  return {
    organizationId,
    title: '为锦江区独居老人送冬衣',
    summary: '为社区独居老人购置冬衣和取暖用品',
    goalFen: 10_000_000,
    startsAt: new Date(now - 60_000).toISOString(),
    endsAt: new Date(now + 30 * DAY).toISOString(),
    beneficiary: { kind: 'group', description: '锦江区 200 位独居老人' },
    category: 'elderly',
    budgetLines: [{ item: '冬衣', amountFen: 8_000_000 }],
    filing: { number: '53510000MJ0000000X2024', filedAt: new Date(now - 20 * DAY).toISOString() },
    ...overrides,
  };
}

export interface CharityWorld {
  cityAdmin: TestUser;
  orgAdmin: TestUser;
  organizationId: string;
}

/** A city admin, a qualified organization registered by them, and that organization's admin. */
export async function aCharity(api: TestApi, overrides: Partial<CreateOrganizationInput> = {}): Promise<CharityWorld> {
  const cityAdmin = await aUser(api, ['city_admin']);
  const created = await request(api.url).post('/api/v1/organizations').set(bearer(cityAdmin)).send(anOrganizationBody(overrides)).expect(201);
  const organizationId: string = created.body.id;
  const orgAdmin = await aUser(api, ['org_admin'], { organizationId });
  return { cityAdmin, orgAdmin, organizationId };
}

/** Creates a campaign and takes it through review to live; returns its id. */
export async function aLiveCampaign(api: TestApi, world: CharityWorld, overrides: Partial<CreateCampaignInput> = {}): Promise<string> {
  const created = await request(api.url).post('/api/v1/campaigns').set(bearer(world.orgAdmin))
    .send(aCampaignBody(world.organizationId, overrides)).expect(201);
  const id: string = created.body.id;
  await request(api.url).post(`/api/v1/campaigns/${id}/transitions`).set(bearer(world.orgAdmin)).send({ to: 'review' }).expect(200);
  await request(api.url).post(`/api/v1/campaigns/${id}/transitions`).set(bearer(world.cityAdmin)).send({ to: 'live' }).expect(200);
  return id;
}

/** A new donor's donation to the campaign, paid through the sandbox provider; returns the donor and the donation id. */
export async function aPaidDonation(api: TestApi, campaignId: string, amountFen: number): Promise<{ donor: TestUser; id: string }> {
  const donor = await aUser(api, ['donor']);
  const created = await request(api.url).post(`/api/v1/campaigns/${campaignId}/donations`).set(bearer(donor))
    .set('idempotency-key', randomUUID()).send({ amountFen }).expect(201);
  await request(api.url).post(`/api/v1/payments/sandbox/${created.body.id}/pay`).set(bearer(donor)).send().expect(200);
  return { donor, id: created.body.id };
}
