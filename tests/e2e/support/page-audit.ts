import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';

export interface PageProblem {
  rule: 'contrast' | 'target' | 'label';
  element: string;
  detail: string;
}

// Plain JavaScript evaluated in the page: the tests' TypeScript has no DOM types.
const AUDIT_SCRIPT = readFileSync(path.join(__dirname, 'page-audit.browser.js'), 'utf8');

/**
 * What on the page now breaks the app's accessibility rules: text contrast below 4.5:1, touch
 * targets under 44 × 44 CSS px, inputs without a label. Each problem names the element, with the
 * page, so a failing test says where to look.
 */
export async function auditPage(page: Page, name: string): Promise<string[]> {
  const problems = (await page.evaluate(AUDIT_SCRIPT)) as PageProblem[];
  return problems.map((p) => `${name}: ${p.rule} ${p.element} (${p.detail})`);
}
