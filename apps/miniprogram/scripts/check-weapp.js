#!/usr/bin/env node
// Release checks on the built weapp (dist/weapp), the things WeChat's upload or review refuses:
// a page in app.json without its files, a subpackage (or the main package) over 2 MB, the whole
// app over 20 MB, a privacy API used without the privacy flow (wx.onNeedPrivacyAuthorization and
// an agreePrivacyAuthorization button), a preloadRule naming a page or package that does not
// exist, a sitemapLocation without its file. `node scripts/check-weapp.js [--brand <name>] [distDir]`;
// with a brand, also its appid in project.config.json and its name as the app title.
const fs = require('node:fs');
const path = require('node:path');

const PACKAGE_LIMIT = 2 * 1024 * 1024;
const TOTAL_LIMIT = 20 * 1024 * 1024;
// Files WeChat does not upload as part of the package.
const IGNORED = new Set(['project.config.json', 'project.private.config.json']);
// Files a page needs: the logic, the template and its JSON.
const PAGE_FILES = ['.js', '.json', '.wxml'];

/**
 * APIs and components behind WeChat's privacy gate that the built code can reach. Calls are
 * matched as member calls (`x.chooseImage(`), components as their open-type/type values, so
 * Taro's runtime list of API names (plain strings) does not count as a use.
 */
const PRIVACY_APIS = [
  'chooseMedia',
  'chooseImage',
  'chooseVideo',
  'chooseMessageFile',
  'previewMedia',
  'getUserProfile',
  'getUserInfo',
  'saveImageToPhotosAlbum',
  'saveVideoToPhotosAlbum',
  'setClipboardData',
  'getClipboardData',
  'getLocation',
  'getFuzzyLocation',
  'chooseLocation',
  'chooseAddress',
  'startLocationUpdate',
  'startLocationUpdateBackground',
  'getWeRunData',
  'startRecord',
  'getRecorderManager',
  'chooseInvoiceTitle',
  'chooseContact',
];
const PRIVACY_OPEN_TYPES = ['chooseAvatar', 'getPhoneNumber', 'getRealtimePhoneNumber', 'getUserInfo'];

const apiCall = new RegExp(`\\.(${PRIVACY_APIS.join('|')})\\s*\\(`, 'g');
const openTypeUse = new RegExp(`openType\\s*:\\s*["'](${PRIVACY_OPEN_TYPES.join('|')})["']`, 'g');
const nicknameInput = /type\s*:\s*["']nickname["']/;
const privacyListener = /\.onNeedPrivacyAuthorization\s*\(/;
const agreeButton = /openType\s*:\s*["']agreePrivacyAuthorization["']/;

function walk(dir, out = []) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else out.push(full);
  }
  return out;
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

/** Every page path in app.json, subpackage pages prefixed with their root. */
function pagesOf(app) {
  const subs = app.subPackages || app.subpackages || [];
  return [
    ...(app.pages || []),
    ...subs.flatMap((s) => (s.pages || []).map((p) => `${s.root.replace(/\/+$/, '')}/${p}`)),
  ];
}

/** Checks a built weapp directory; returns the problems (empty when it may ship) and the sizes. */
function checkWeapp(dist) {
  const problems = [];
  const appJson = path.join(dist, 'app.json');
  if (!fs.existsSync(appJson))
    return { problems: [`${appJson} not found; run \`npm run build:weapp\` first`], sizes: {} };
  const app = JSON.parse(fs.readFileSync(appJson, 'utf8'));
  const subs = app.subPackages || app.subpackages || [];
  const roots = subs.map((s) => s.root.replace(/\/+$/, ''));
  const pages = pagesOf(app);

  // 1. Every page has its files.
  for (const page of pages) {
    const missing = PAGE_FILES.filter((ext) => !fs.existsSync(path.join(dist, page + ext)));
    if (missing.length) problems.push(`page ${page}: missing ${missing.map((e) => page + e).join(', ')}`);
  }

  // 2–3. Sizes: the main package and each subpackage ≤ 2 MB, the whole ≤ 20 MB.
  const files = walk(dist)
    .map((f) => ({ full: f, rel: path.relative(dist, f).split(path.sep).join('/') }))
    .filter((f) => !IGNORED.has(f.rel) && !f.rel.endsWith('.map'));
  const sizes = { main: 0 };
  for (const root of roots) sizes[root] = 0;
  for (const f of files) {
    const root = roots.find((r) => f.rel.startsWith(`${r}/`));
    sizes[root ?? 'main'] += fs.statSync(f.full).size;
  }
  const total = Object.values(sizes).reduce((a, b) => a + b, 0);
  for (const [name, size] of Object.entries(sizes)) {
    const label = name === 'main' ? 'the main package' : `subpackage ${name}`;
    if (size > PACKAGE_LIMIT) problems.push(`${label} is ${kb(size)}, over the 2 MB limit`);
  }
  if (total > TOTAL_LIMIT) problems.push(`the whole mini-program is ${kb(total)}, over the 20 MB limit`);

  // 4. Privacy APIs only with the privacy flow.
  const used = new Set();
  let listener = false;
  let button = false;
  for (const f of files) {
    if (!f.rel.endsWith('.js')) continue;
    const code = fs.readFileSync(f.full, 'utf8');
    for (const m of code.matchAll(apiCall)) used.add(`wx.${m[1]}`);
    for (const m of code.matchAll(openTypeUse)) used.add(`open-type="${m[1]}"`);
    if (nicknameInput.test(code)) used.add('input type="nickname"');
    listener ||= privacyListener.test(code);
    button ||= agreeButton.test(code);
  }
  if (used.size && !(listener && button)) {
    const lacking = [
      listener ? null : 'wx.onNeedPrivacyAuthorization',
      button ? null : 'a button with open-type="agreePrivacyAuthorization"',
    ].filter(Boolean);
    problems.push(
      `privacy APIs used (${[...used].sort().join(', ')}) without the privacy flow: missing ${lacking.join(' and ')}`,
    );
  }

  // 5. preloadRule names real pages and packages.
  const packageNames = new Set(['__APP__', ...roots, ...subs.map((s) => s.name).filter(Boolean)]);
  for (const [page, rule] of Object.entries(app.preloadRule || {})) {
    if (!pages.includes(page)) problems.push(`preloadRule: page ${page} is not in app.json`);
    for (const pkg of rule.packages || []) {
      if (!packageNames.has(pkg.replace(/\/+$/, '')))
        problems.push(`preloadRule ${page}: package ${pkg} does not exist`);
    }
  }

  // 6. The sitemap app.json points at exists.
  if (app.sitemapLocation && !fs.existsSync(path.join(dist, app.sitemapLocation))) {
    problems.push(`sitemapLocation ${app.sitemapLocation} does not exist`);
  }

  return { problems, sizes: { ...sizes, total }, privacyApis: [...used].sort() };
}

/** A brand's build (issue 19): it uploads under the brand's appid and shows the brand's name. */
function checkBrandBuild(dist, brand) {
  const problems = [];
  const read = (file) => {
    const full = path.join(dist, file);
    return fs.existsSync(full) ? JSON.parse(fs.readFileSync(full, 'utf8')) : null;
  };
  const project = read('project.config.json');
  if (project?.appid !== brand.appid)
    problems.push(
      `project.config.json: appid is ${project?.appid ?? '(missing)'}, brand ${brand.name} is ${brand.appid}`,
    );
  const app = read('app.json');
  if (app && app.window?.navigationBarTitleText !== brand.appName)
    problems.push(`app.json: title is ${app.window?.navigationBarTitleText}, brand ${brand.name} is ${brand.appName}`);
  return problems;
}

module.exports = { checkWeapp, checkBrandBuild, PACKAGE_LIMIT, TOTAL_LIMIT };

if (require.main === module) {
  // `--brand <name>`: that brand's build (dist/brands/<name>/weapp), its file validated too.
  const { brandArg, loadBrand, outputRoot } = require('./brand');
  const { name, rest } = brandArg(process.argv.slice(2));
  let brand;
  try {
    brand = loadBrand(name);
  } catch (e) {
    console.error(`check:weapp: ${e.message}`);
    process.exit(1);
  }
  const dist = path.resolve(rest[0] || path.join(__dirname, '..', outputRoot(name, 'weapp')));
  const checked = checkWeapp(dist);
  const { sizes, privacyApis } = checked;
  const problems = [...checked.problems, ...(fs.existsSync(dist) ? checkBrandBuild(dist, brand) : [])];
  for (const [name, size] of Object.entries(sizes)) console.log(`  ${name}: ${kb(size)}`);
  if (privacyApis?.length) console.log(`  privacy APIs (declare them in 用户隐私保护指引): ${privacyApis.join(', ')}`);
  if (problems.length) {
    for (const p of problems) console.error(`check:weapp: ${p}`);
    console.error(`check:weapp: FAILED (${problems.length} problem${problems.length > 1 ? 's' : ''})`);
    process.exit(1);
  }
  console.log('check:weapp: OK');
}
