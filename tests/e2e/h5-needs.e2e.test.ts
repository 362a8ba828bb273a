import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import request from 'supertest';
import { STORAGE_KEYS } from '../../client/src/services/storage-keys';
import { aNeedBody, aShift, COMMUNITY } from '../fixtures/needs';
import { aCommunityStaff, aVolunteer } from '../fixtures/users';
import { startTestApi, type TestApi } from '../helpers/test-api';
import { H5_DIR } from './support/h5-app';

/**
 * The H5 build served by the real API, in a real Chromium: a signed-in volunteer opens the site,
 * sees the open needs, and watches a need's places change live when someone else signs up.
 * By default the test starts the API itself (serving client/dist/h5, built by `npm test`) and
 * creates its data. To point it at a running server instead, set all of:
 *   E2E_BASE_URL      the server's origin, e.g. http://127.0.0.1:3000 (it serves client/dist/h5)
 *   E2E_ACCESS_TOKEN  an access token of a volunteer who may read needs
 *   E2E_NEED_TITLE    the title of an open need that volunteer should see
 */
const SCREENSHOT_PATH = '/tmp/tongxin-h5.png';
const WAIT_MS = 20_000;

interface E2eEnv {
  baseUrl: string;
  accessToken: string;
  needTitle: string;
  /** Signs someone else up for the need (own harness only), to watch the page update live. */
  signUpAnother?: () => Promise<void>;
  stop?: () => Promise<void>;
}

/** Starts the API serving the H5 build, with a need and a signed-in volunteer. */
async function ownHarness(): Promise<E2eEnv> {
  const api: TestApi = await startTestApi({ H5_DIR });
  const staff = await aCommunityStaff(api, COMMUNITY);
  const needTitle = `浏览器测试需求${Date.now() % 100_000}`;
  const need = await request(api.url).post('/api/v1/needs').set('authorization', `Bearer ${staff.token}`)
    .send(aNeedBody({ title: needTitle, shifts: [aShift(72 * 3_600_000, 2)] })).expect(201);
  const volunteer = await aVolunteer(api);
  return {
    baseUrl: api.url,
    accessToken: volunteer.token,
    needTitle,
    signUpAnother: async () => {
      const other = await aVolunteer(api);
      await request(api.url).post(`/api/v1/needs/${need.body.id}/shifts/${need.body.shifts[0].id}/enrollments`)
        .set('authorization', `Bearer ${other.token}`).send({}).expect(201);
    },
    stop: () => api.stop(),
  };
}

function readEnv(): E2eEnv {
  const names = ['E2E_BASE_URL', 'E2E_ACCESS_TOKEN', 'E2E_NEED_TITLE'] as const;
  const missing = names.filter((name) => !process.env[name]);
  if (missing.length > 0) {
    throw new Error(`h5-needs e2e needs ${missing.join(', ')} (a running server, a volunteer's access token, an open need's title)`);
  }
  return {
    baseUrl: process.env.E2E_BASE_URL!.replace(/\/+$/, ''),
    accessToken: process.env.E2E_ACCESS_TOKEN!,
    needTitle: process.env.E2E_NEED_TITLE!,
  };
}

function chromiumPath(): string {
  try {
    return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('chromium not found on PATH: install it with "apt-get install -y chromium"');
  }
}

/** A page whose localStorage holds the token as Taro.setStorageSync writes it on H5: {"data": value}. */
async function signedInPage(context: BrowserContext, accessToken: string): Promise<Page> {
  await context.addInitScript(
    ([key, value]) => {
      // Runs in the page; the tests' tsconfig has no DOM types.
      const { localStorage } = globalThis as unknown as { localStorage: { getItem(k: string): string | null; setItem(k: string, v: string): void } };
      if (localStorage.getItem(key) === null) localStorage.setItem(key, JSON.stringify({ data: value }));
    },
    [STORAGE_KEYS.accessToken, accessToken] as const,
  );
  return context.newPage();
}

describe('H5 needs square (pages/index)', () => {
  let env: E2eEnv;
  let context: BrowserContext;
  let profileDir: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    env = process.env.E2E_BASE_URL ? readEnv() : await ownHarness();
    profileDir = mkdtempSync(path.join(tmpdir(), 'tongxin-e2e-chromium-'));
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: chromiumPath(),
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      locale: 'zh-CN',
    });
  });

  afterAll(async () => {
    await context?.close();
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
    await env?.stop?.();
  });

  it('when a signed-in volunteer opens the site, then the open need is listed, its places update live, and they can sign up', async () => {
    const page = await signedInPage(context, env.accessToken);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    try {
      await page.goto(`${env.baseUrl}/`);

      const card = page.locator('.need-card').filter({ hasText: env.needTitle }).first();
      // The app sends a visitor whose token it cannot use to the login page: fail fast, and say so.
      const shown = await Promise.race([
        card.waitFor({ state: 'visible', timeout: WAIT_MS }).then(() => 'list' as const),
        page.waitForURL(/\/pages\/login\//, { timeout: WAIT_MS }).then(() => 'login' as const),
      ]);
      if (shown === 'login') throw new Error('the app went to the login page: E2E_ACCESS_TOKEN was not accepted');
      expect(await card.locator('.need-card__title').textContent()).toBe(env.needTitle);

      // The realtime socket was accepted with the same token.
      await page.getByText('名额实时更新中').waitFor({ state: 'visible', timeout: WAIT_MS });
      if (env.signUpAnother) {
        await card.getByText('剩 2/2 个名额').waitFor({ state: 'visible', timeout: WAIT_MS });
        await env.signUpAnother();
        await card.getByText('剩 1/2 个名额').waitFor({ state: 'visible', timeout: WAIT_MS });
        // The volunteer takes the last place from the page.
        await card.locator('.need-card__sign-up').click();
        await card.getByText('已报名').waitFor({ state: 'visible', timeout: WAIT_MS });
        await card.getByText('已满员').first().waitFor({ state: 'visible', timeout: WAIT_MS });
      }
      expect(pageErrors).toEqual([]);
    } finally {
      await page.screenshot({ path: SCREENSHOT_PATH });
      await page.close();
    }
  });
});
