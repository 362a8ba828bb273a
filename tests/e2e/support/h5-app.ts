import path from 'node:path';
import type { Browser } from 'playwright-core';
import { startTestApi, type TestApi } from '../../helpers/test-api';
import { launchChromium } from './browser';

/** The built H5 site, served by the real API under test. */
export const H5_DIR = path.resolve(__dirname, '../../../client/dist/h5');

/** How long a page may take to show what a step waits for, on a shared 2-core machine. */
export const WAIT = { timeout: 20_000 } as const;

export interface H5App {
  api: TestApi;
  browser: Browser;
}

/**
 * For one browser test file: the real API serving the H5 site and a headless Chromium, started before
 * its tests and stopped after them. Each journey drives several pages, hence the long test timeout.
 */
export function useH5App(): H5App {
  jest.setTimeout(120_000);
  const app = {} as H5App;
  beforeAll(async () => {
    app.api = await startTestApi({ H5_DIR });
    app.browser = await launchChromium();
  });
  afterAll(async () => {
    await app.browser?.close();
    await app.api?.stop();
  });
  return app;
}
