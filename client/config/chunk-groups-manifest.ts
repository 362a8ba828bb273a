import type { Compilation, Compiler } from 'webpack';

/**
 * Writes `chunk-groups.json` next to the build: each named chunk group (the app entry, every
 * lazily loaded H5 page) with the files it loads. scripts/client-budgets.mjs reads it to weigh
 * exactly what the first page downloads.
 */
export class ChunkGroupsManifestPlugin {
  apply(compiler: Compiler): void {
    compiler.hooks.thisCompilation.tap('ChunkGroupsManifest', (compilation: Compilation) => {
      compilation.hooks.processAssets.tap(
        { name: 'ChunkGroupsManifest', stage: compiler.webpack.Compilation.PROCESS_ASSETS_STAGE_REPORT },
        () => {
          const groups: Record<string, string[]> = {};
          for (const group of compilation.chunkGroups) {
            // Lazily loaded pages have no name; they are known by the request that imports them.
            const key = group.name ?? group.origins.map((o) => o.request).filter(Boolean).join('|');
            if (key) groups[key] = [...new Set(group.getFiles())].filter((f) => f.endsWith('.js'));
          }
          compilation.emitAsset('chunk-groups.json', new compiler.webpack.sources.RawSource(JSON.stringify(groups, null, 1)));
        },
      );
    });
  }
}
