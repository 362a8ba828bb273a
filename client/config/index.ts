import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import TsconfigPathsPlugin from 'tsconfig-paths-webpack-plugin';
import devConfig from './dev';
import prodConfig from './prod';
import { checkBuildEnv } from './env';
import { bundleSharedFromSource } from './shared-source';
import { ChunkGroupsManifestPlugin } from './chunk-groups-manifest';

// https://docs.taro.zone/docs/config-detail
export default defineConfig<'webpack5'>(async (merge, { mode }) => {
  const platform = process.env.TARO_ENV ?? 'h5';
  checkBuildEnv(platform, mode);

  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'tongxin',
    date: '2026-11-29',
    designWidth: 750,
    deviceRatio: {
      640: 2.34 / 2,
      750: 1,
      375: 2,
      828: 1.81 / 2,
    },
    sourceRoot: 'src',
    // One folder per target, so an H5 build never clobbers the mini-program and vice versa.
    outputRoot: `dist/${platform}`,
    plugins: [],
    defineConstants: {},
    // The care map's marker icons: the mini-program's <map> takes only file paths inside the package.
    copy: { patterns: platform === 'weapp' ? [{ from: 'src/assets/map/', to: 'dist/weapp/assets/map/' }] : [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    // Taro's H5 terser defaults quote every key, which turns class private fields (`#x`, kept as is by
    // modern targets; TanStack Query uses them) into the syntax error `#"x"`. Same options, keys unquoted.
    ...(platform === 'h5'
      ? { terser: { enable: true, config: { keep_fnames: true, output: { comments: false, beautify: false, quote_keys: false } } } }
      : {}),
    mini: {
      // Babel also runs over these packages (see babel.config.js: private class members lowered).
      compile: { include: [(modulePath: string) => modulePath.includes('@tanstack')] },
      // Every stylesheet's selectors are prefixed by its component (BEM), so the order in which shared
      // chunks' CSS lands does not change what applies; same as H5.
      miniCssExtractPluginOption: { ignoreOrder: true },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false },
      },
      webpackChain(chain) {
        chain.resolve.plugin('tsconfig-paths').use(TsconfigPathsPlugin);
        bundleSharedFromSource(chain);
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      // The API server serves dist/h5 with an SPA fallback to index.html, so clean paths work.
      router: { mode: 'browser' },
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false },
      },
      webpackChain(chain) {
        chain.resolve.plugin('tsconfig-paths').use(TsconfigPathsPlugin);
        bundleSharedFromSource(chain);
        // Pages are lazy chunks; let them share common modules (Taro's default splits initial chunks only).
        chain.optimization.merge({ splitChunks: { chunks: 'all' } });
        chain.plugin('chunk-groups-manifest').use(ChunkGroupsManifestPlugin);
      },
    },
  };

  return merge({}, baseConfig, mode === 'development' ? devConfig : prodConfig);
});
