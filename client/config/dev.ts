import type { UserConfigExport } from '@tarojs/cli';

export default {
  logger: {
    quiet: false,
    stats: true,
  },
  mini: {},
  h5: {
    devServer: {
      // `npm run dev:h5` calls a local API (npm start) through the dev server, same-origin as in production.
      proxy: [{ context: ['/api', '/socket.io'], target: 'http://127.0.0.1:3000', ws: true }],
    },
  },
} satisfies UserConfigExport<'webpack5'>;
