import path from 'node:path';
import type { IH5Config } from '@tarojs/taro/types/compile';

type Chain = Parameters<NonNullable<IH5Config<'webpack5'>['webpackChain']>>[0];

const SHARED_SRC = path.resolve(__dirname, '..', '..', 'shared', 'src');

/**
 * Bundles `@tongxin/shared` from its TypeScript source rather than its CommonJS `dist`.
 *
 * Why: `dist` is CommonJS behind one barrel, which webpack cannot tree-shake, so every page
 * carried all of zod (with every locale) and the region tree, about 550 KB minified per page.
 * From ES module source, marked side-effect free, a page gets only what it imports: the needs
 * square takes a formatter and two tables, and zod lands only where a schema is used.
 *
 * The one side effect in shared (contracts/zod.ts switches zod's messages to Chinese) still
 * runs, because every module that builds a schema imports `z` from it.
 */
export function bundleSharedFromSource(chain: Chain): void {
  chain.resolve.alias.set('@tongxin/shared$', path.join(SHARED_SRC, 'index.ts'));
  chain.module.rule('script').include.add(SHARED_SRC);
  chain.module.rule('shared-source-pure').test(/\.ts$/).include.add(SHARED_SRC).end().set('sideEffects', false);
}
