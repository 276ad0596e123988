import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import devConfig from './dev';
import prodConfig from './prod';

// The API contract is consumed from source: alias it and let babel compile its TypeScript.
const contractSrc = path.resolve(__dirname, '../../../libs/contract/src');

const taroEnv = process.env.TARO_ENV;

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { DEFAULT_BRAND, loadBrand, outputRoot } = require('../scripts/brand');

/** The brand scripts/taro.js validated (`--brand`); a bare `taro build` gets the default brand. */
const brand = process.env.QUANZI_BRAND_JSON ? JSON.parse(process.env.QUANZI_BRAND_JSON) : loadBrand();

const brandVersion = createHash('sha256').update(JSON.stringify(brand)).digest('hex').slice(0, 12);

/**
 * The brand's colours as the app's CSS variables, in a generated stylesheet app.tsx imports
 * (alias `@brand`) after app.css, so every `var(--qz-brand)` takes the brand's colour.
 */
function brandThemeDir(): string {
  const dir = path.resolve(__dirname, '..', '.tmp', 'brands', brand.name);
  fs.mkdirSync(dir, { recursive: true });
  const { theme } = brand;
  const css = `page,\n.taro_page {\n  --qz-brand: ${theme.brand};\n  --qz-brand-dark: ${theme.brandDark};\n  --qz-brand-light: ${theme.brandLight};\n}\n`;
  fs.writeFileSync(path.join(dir, 'theme.css'), css);
  return dir;
}

/**
 * API_BASE is baked in at build time and prefixed to the contract's route paths, which carry
 * `/api` themselves. H5 is served by the API server, so it uses the same origin (''): requests
 * go to `/api/...`. A mini-program needs the absolute https origin registered in the WeChat
 * console: set QUANZI_API_BASE (e.g. https://quanzi.example.com) when building weapp.
 */
function apiBase(): string {
  if (process.env.QUANZI_API_BASE) return process.env.QUANZI_API_BASE.replace(/\/+$/, '');
  if (brand.apiOrigin && taroEnv !== 'h5') return brand.apiOrigin;
  return taroEnv === 'h5' ? '' : 'http://localhost:3000';
}

/**
 * WeChat subscribe-message templates the app may ask for, by the key the server knows them by:
 * `TARO_APP_TEMPLATE_<KEY>=<templateId>` (e.g. TARO_APP_TEMPLATE_BROADCAST, matching the server's
 * WECHAT_TEMPLATE_BROADCAST). None set: the app never asks.
 */
function subscribeTemplates(): Record<string, string> {
  const prefix = 'TARO_APP_TEMPLATE_';
  return Object.fromEntries(
    Object.entries(process.env)
      .filter(([name, id]) => name.startsWith(prefix) && id)
      .map(([name, id]) => [name.slice(prefix.length).toLowerCase(), id!.trim()]),
  );
}

export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'quanzi',
    date: '2026-11-23',
    designWidth: 750,
    deviceRatio: {
      640: 2.34 / 2,
      750: 1,
      375: 2,
      828: 1.81 / 2,
    },
    sourceRoot: 'src',
    outputRoot: outputRoot(brand.name, taroEnv ?? 'weapp'),
    plugins: [],
    defineConstants: {
      API_BASE: JSON.stringify(apiBase()),
      SUBSCRIBE_TEMPLATES: JSON.stringify(subscribeTemplates()),
      BRAND: JSON.stringify({
        name: brand.name,
        // The default brand is the server's default app (WECHAT_APPID): it sends no appid.
        appid: brand.name === DEFAULT_BRAND ? null : brand.appid,
        appName: brand.appName,
        logo: brand.logo ?? null,
        defaultCircleIds: brand.defaultCircleIds,
        singleCircleId: brand.singleCircleId ?? null,
        features: brand.features,
      }),
    },
    alias: {
      '@brand': brandThemeDir(),
      '@quanzi/contract': contractSrc,
    },
    // sitemap.json (which pages WeChat search indexes) is a weapp file beside app.json.
    copy: {
      patterns:
        taroEnv === 'h5' ? [] : [{ from: 'src/sitemap.json', to: `${outputRoot(brand.name, 'weapp')}/sitemap.json` }],
      options: {},
    },
    framework: 'react',
    compiler: 'webpack5',
    cache: {
      // Filesystem cache keeps rebuilds fast; a cold CI build is unaffected.
      enable: true,
      // The brand reaches app.config.ts through the environment, which webpack's cache does not
      // see: one cache per brand and per version of its file.
      name: `${process.env.NODE_ENV}-${taroEnv}-${brand.name}-${brandVersion}`,
    },
    // esbuild minifies JS far faster than terser on CI's two cores. (CSS stays on the default
    // csso: Taro 4.2.1 passes cssnano options to esbuild's CSS minifier, which rejects them.)
    jsMinimizer: 'esbuild',
    // esbuild's default target is es5, which it cannot lower destructuring to; babel already
    // compiled for the browserslist, so minify for a target every current WeChat client runs.
    esbuild: { minify: { enable: true, config: { target: 'es2017' } } },
    mini: {
      compile: { include: [contractSrc] },
      // Component styles are scoped by their qz-* class names, so the order pages import them in
      // does not matter; without this, shared chunks warn about "conflicting order".
      miniCssExtractPluginOption: { ignoreOrder: true },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: {
          enable: false,
          config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' },
        },
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      // Served by the API server at `/` with an SPA fallback, so real paths work.
      router: { mode: 'browser' },
      // `dev:h5`'s dev server reloads the page; fast refresh is off (see babel.config.js).
      devServer: { hot: false },
      compile: { include: [contractSrc] },
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
        cssModules: {
          enable: false,
          config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' },
        },
      },
      webpackChain(chain) {
        // Size is watched by check:size (weapp) and the bundle listing, not webpack's 244 KiB hint.
        chain.performance.hints(false);
      },
    },
  };

  if (process.env.NODE_ENV === 'development') {
    return merge({}, baseConfig, devConfig);
  }
  return merge({}, baseConfig, prodConfig);
});
