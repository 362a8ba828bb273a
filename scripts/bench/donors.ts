// The donors of `bench:donations`: each gift is create (with an Idempotency-Key) → sandbox pay, then
// WeChat Pay's delivery replayed (the same transaction in a new envelope, signed by the sandbox
// platform key). Used in the parent for the idle gifts and in `donors-process.ts` for the burst.
import { createPrivateKey, randomUUID } from 'node:crypto';
import { Agent, request } from 'undici';
import { signNotification, type NotificationSigningKeys } from '../../server/src/modules/payments/wechatpay.signer';

export interface Donor { id: string; token: string }
export interface Gift { donationId: string; donorId: string; amountFen: number; latencyMs: number }

/** What a process needs to sign notifications as the sandbox platform; the key travels as PEM over IPC. */
export interface SandboxSigning { privateKeyPem: string; serial: string; apiV3Key: string; appId: string; mchId: string }

export function sandboxSigning(keys: NotificationSigningKeys, ids: { appId: string; mchId: string }): SandboxSigning {
  return { privateKeyPem: keys.platformPrivateKey.export({ type: 'pkcs8', format: 'pem' }) as string, serial: keys.platformSerial, apiV3Key: keys.apiV3Key, ...ids };
}

const now = () => performance.timeOrigin + performance.now();
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export class Donors {
  readonly agent: Agent;
  private readonly keys: NotificationSigningKeys;

  constructor(private readonly baseUrl: string, private readonly campaignId: string, private readonly signing: SandboxSigning, connections: number) {
    this.agent = new Agent({ connections, pipelining: 1, keepAliveTimeout: 60_000 });
    this.keys = { platformPrivateKey: createPrivateKey(signing.privateKeyPem), platformSerial: signing.serial, apiV3Key: signing.apiV3Key };
  }

  private async call(path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; json: any }> {
    const res = await request(`${this.baseUrl}${path}`, {
      method: 'POST', dispatcher: this.agent, headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body }),
    });
    const text = await res.body.text();
    return { status: res.statusCode, json: text ? JSON.parse(text) : null };
  }

  private async expect(status: number, answer: Promise<{ status: number; json: any }>): Promise<any> {
    const res = await answer;
    if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.json)}`);
    return res.json;
  }

  async give(donor: Donor, amountFen: number): Promise<Gift> {
    const started = now();
    const created = await this.expect(201, this.call(`/api/v1/campaigns/${this.campaignId}/donations`,
      { ...bearer(donor.token), 'idempotency-key': randomUUID() }, JSON.stringify({ amountFen, message: '加油' })));
    const paid = await this.expect(200, this.call(`/api/v1/payments/sandbox/${created.id}/pay`, bearer(donor.token)));
    if (paid.status !== 'paid') throw new Error(`donation ${created.id} is ${paid.status}`);
    return { donationId: created.id, donorId: donor.id, amountFen, latencyMs: now() - started };
  }

  /** WeChat Pay delivers again: the same transaction, a new envelope. Returns the HTTP status. */
  async replay(gift: Gift): Promise<number> {
    const n = signNotification({
      appid: this.signing.appId, mchid: this.signing.mchId, out_trade_no: gift.donationId,
      transaction_id: `SANDBOX${gift.donationId}`, trade_state: 'SUCCESS', success_time: new Date().toISOString(),
      amount: { total: gift.amountFen, payer_total: gift.amountFen, currency: 'CNY' },
    }, this.keys);
    return (await this.call('/api/v1/payments/wechat/notify', n.headers, n.body.toString())).status;
  }
}

export interface BurstPlan { donors: Donor[]; amounts: number[]; concurrency: number; giftsPerDonor: number }
export interface BurstResult { gifts: Gift[]; failures: Record<string, number>; replays: Record<string, number>; seconds: number }

/** `concurrency` donors at a time, each giving and then replaying its notification, until every amount is given. */
export async function runBurst(donors: Donors, plan: BurstPlan): Promise<BurstResult> {
  const gifts: Gift[] = [];
  const failures: Record<string, number> = {};
  const replays: Record<string, number> = {};
  let cursor = 0;
  const started = now();
  await Promise.all(Array.from({ length: plan.concurrency }, async () => {
    for (let i = cursor++; i < plan.amounts.length; i = cursor++) {
      const donor = plan.donors[Math.floor(i / plan.giftsPerDonor) % plan.donors.length]!;
      try {
        const gift = await donors.give(donor, plan.amounts[i]!);
        gifts.push(gift);
        const status = await donors.replay(gift);
        replays[status] = (replays[status] ?? 0) + 1;
      } catch (error) {
        const key = (error as Error).message.slice(0, 80);
        failures[key] = (failures[key] ?? 0) + 1;
      }
    }
  }));
  return { gifts, failures, replays, seconds: (now() - started) / 1000 };
}
