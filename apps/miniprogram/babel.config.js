// babel-preset-taro options: https://docs.taro.zone/docs/next/babel-config
module.exports = {
  presets: [
    [
      'taro',
      {
        framework: 'react',
        ts: true,
        compiler: 'webpack5',
        // No React fast refresh: it needs optional peers (react-refresh and its webpack plugin) we do
        // not install, and the H5 app is served by the API server, not Taro's dev server.
        hot: false,
      },
    ],
  ],
};
