// babel-preset-taro: https://docs.taro.zone/docs/next/babel-config
// In the mini-program, class private fields and methods (TanStack Query ships them untranspiled; see
// mini.compile.include in config/index.ts) are lowered: WeChat's older JS engines cannot parse `#x`.
const weapp = process.env.TARO_ENV === 'weapp';

module.exports = {
  presets: [
    ['taro', {
      framework: 'react',
      ts: true,
      compiler: 'webpack5',
    }],
  ],
  plugins: weapp
    ? [
      ['@babel/plugin-transform-class-properties', { loose: true }],
      ['@babel/plugin-transform-private-methods', { loose: true }],
      ['@babel/plugin-transform-private-property-in-object', { loose: true }],
    ]
    : [],
};
