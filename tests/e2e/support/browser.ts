import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { STORAGE_KEYS } from '../../../client/src/services/storage-keys';

/** Where browser tests leave screenshots of key pages (git-ignored with the rest of .run/). */
export const SCREENSHOT_DIR = path.resolve(__dirname, '../../../.run/screenshots');

/** The mobile viewport the app is designed for first. */
export const MOBILE = { width: 375, height: 812 } as const;

export function chromiumPath(): string {
  try {
    return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('chromium not found on PATH: install it with "apt-get install -y chromium"');
  }
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export function mobileContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport: MOBILE, deviceScaleFactor: 2, locale: 'zh-CN', hasTouch: true, isMobile: true });
}

/** Puts the access token where Taro.setStorageSync keeps it on H5 ({"data": value}) before any page script runs. */
export async function signIn(context: BrowserContext, accessToken: string): Promise<void> {
  await context.addInitScript(
    ([key, value]) => {
      const { localStorage } = globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } };
      localStorage.setItem(key, JSON.stringify({ data: value }));
    },
    [STORAGE_KEYS.accessToken, accessToken] as const,
  );
}

/** Collects uncaught page errors, so a test can assert there were none. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}
