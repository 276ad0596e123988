// check:weapp refuses a built weapp that WeChat's upload or review would refuse (issue 19).
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { checkWeapp, PACKAGE_LIMIT, TOTAL_LIMIT } = require('./check-weapp');

const PRIVACY_FLOW =
  'n.onNeedPrivacyAuthorization(function(r){g(r)});var b={id:"qz-privacy-agree",openType:"agreePrivacyAuthorization"};';

/** A small, valid dist/weapp: two main pages, one subpackage, a preload rule and a sitemap. */
function appJson(overrides = {}) {
  return {
    pages: ['pages/home/index', 'pages/me/index'],
    subPackages: [{ root: 'packages/events', pages: ['detail/index'] }],
    preloadRule: { 'pages/home/index': { network: 'all', packages: ['packages/events'] } },
    sitemapLocation: 'sitemap.json',
    ...overrides,
  };
}

function makeDist(app = appJson(), files = {}) {
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'check-weapp-'));
  const pages = [...(app.pages || []), ...(app.subPackages || []).flatMap((s) => s.pages.map((p) => `${s.root}/${p}`))];
  const all = { 'app.json': JSON.stringify(app), 'app.js': 'require("./taro")', 'sitemap.json': '{"rules":[]}' };
  for (const p of pages) Object.assign(all, { [`${p}.js`]: '', [`${p}.json`]: '{}', [`${p}.wxml`]: '<view/>' });
  for (const [rel, content] of Object.entries({ ...all, ...files })) {
    if (content === null) continue;
    fs.mkdirSync(path.dirname(path.join(dist, rel)), { recursive: true });
    fs.writeFileSync(path.join(dist, rel), content);
  }
  test.after(() => fs.rmSync(dist, { recursive: true, force: true }));
  return dist;
}

test('a complete build with the privacy flow passes', () => {
  const dist = makeDist(appJson(), {
    'pages/me/index.js': 'o().chooseImage({count:1});',
    'common.js': PRIVACY_FLOW,
  });
  assert.deepEqual(checkWeapp(dist).problems, []);
});

test('a page listed in app.json without its files fails', () => {
  const dist = makeDist(appJson(), { 'packages/events/detail/index.wxml': null, 'pages/me/index.js': null });
  const { problems } = checkWeapp(dist);
  assert.equal(problems.length, 2, problems.join('\n'));
  assert.match(problems[0], /page pages\/me\/index: missing pages\/me\/index\.js/);
  assert.match(problems[1], /packages\/events\/detail\/index\.wxml/);
});

test('a subpackage over 2 MB fails, one just under passes', () => {
  const under = makeDist(appJson(), { 'packages/events/big.png': Buffer.alloc(PACKAGE_LIMIT - 4096) });
  assert.deepEqual(checkWeapp(under).problems, []);
  const over = makeDist(appJson(), { 'packages/events/big.png': Buffer.alloc(PACKAGE_LIMIT + 1) });
  assert.deepEqual(
    checkWeapp(over).problems.map((p) => p.replace(/[\d.]+ KB/, 'N KB')),
    ['subpackage packages/events is N KB, over the 2 MB limit'],
  );
});

test('the main package over 2 MB fails', () => {
  const dist = makeDist(appJson(), { 'assets/big.png': Buffer.alloc(PACKAGE_LIMIT + 1) });
  assert.match(checkWeapp(dist).problems.join('\n'), /the main package is .* over the 2 MB limit/);
});

test('a whole app over 20 MB fails even when every package is under 2 MB', () => {
  const roots = Array.from({ length: 11 }, (_, i) => `packages/p${i}`);
  const app = appJson({ subPackages: roots.map((root) => ({ root, pages: ['a/index'] })), preloadRule: {} });
  const files = Object.fromEntries(roots.map((r) => [`${r}/fill.bin`, Buffer.alloc(PACKAGE_LIMIT - 8192)]));
  const { problems, sizes } = checkWeapp(makeDist(app, files));
  assert.ok(sizes.total > TOTAL_LIMIT);
  assert.equal(problems.length, 1, problems.join('\n'));
  assert.match(problems[0], /the whole mini-program is .* over the 20 MB limit/);
});

test('a privacy API used without the privacy flow fails, naming what is missing', () => {
  for (const [code, api] of [
    ['n.saveImageToPhotosAlbum({filePath:t})', 'wx.saveImageToPhotosAlbum'],
    ['o().setClipboardData({data:l})', 'wx.setClipboardData'],
    ['Object(r.a)({openType:"chooseAvatar"})', 'open-type="chooseAvatar"'],
    ['wx.getLocation ({type:"gcj02"})', 'wx.getLocation'],
    ['x.chooseMedia({count:9})', 'wx.chooseMedia'],
  ]) {
    const dist = makeDist(appJson(), { 'pages/me/index.js': code });
    const { problems } = checkWeapp(dist);
    assert.equal(problems.length, 1, `${api}: ${problems.join('\n')}`);
    assert.ok(problems[0].includes(api), problems[0]);
    assert.match(problems[0], /missing wx\.onNeedPrivacyAuthorization and a button/);
  }
  // The listener alone is not enough: the agree button must be there too.
  const half = makeDist(appJson(), {
    'pages/me/index.js': 'o().chooseImage({count:1});',
    'common.js': 'n.onNeedPrivacyAuthorization(g)',
  });
  assert.match(
    checkWeapp(half).problems.join('\n'),
    /without the privacy flow: missing a button with open-type="agreePrivacyAuthorization"$/,
  );
});

test("Taro's runtime list of API names is not a use of them", () => {
  const dist = makeDist(appJson(), {
    'taro.js': 'var apis=new Set(["chooseImage","saveImageToPhotosAlbum","getLocation","setClipboardData"]);',
  });
  assert.deepEqual(checkWeapp(dist).problems, []);
});

test('a preloadRule naming a page or a package that does not exist fails', () => {
  const app = appJson({
    preloadRule: {
      'pages/home/index': { packages: ['packages/events', 'packages/gone'] },
      'pages/missing/index': { packages: ['__APP__'] },
    },
  });
  assert.deepEqual(checkWeapp(makeDist(app)).problems, [
    'preloadRule pages/home/index: package packages/gone does not exist',
    'preloadRule: page pages/missing/index is not in app.json',
  ]);
});

test('a sitemapLocation without its file fails', () => {
  const dist = makeDist(appJson(), { 'sitemap.json': null });
  assert.deepEqual(checkWeapp(dist).problems, ['sitemapLocation sitemap.json does not exist']);
});

// Brands (专属小程序): every committed brand file builds; a broken one fails naming the field.
const { brandArg, loadBrand, outputRoot, validateBrand } = require('./brand');

test('the committed brands are valid and build into their own folders', () => {
  for (const file of fs.readdirSync(path.join(__dirname, '..', 'brands'))) {
    const brand = loadBrand(path.basename(file, '.json'));
    assert.deepEqual(validateBrand(brand), [], file);
  }
  assert.equal(loadBrand('coffee-club').singleCircleId.length, 24);
  assert.equal(outputRoot('quanzi', 'weapp'), 'dist/weapp');
  assert.equal(outputRoot('coffee-club', 'h5'), 'dist/brands/coffee-club/h5');
  assert.deepEqual(brandArg(['build', '--brand', 'coffee-club', '--type', 'h5']), {
    name: 'coffee-club',
    rest: ['build', '--type', 'h5'],
  });
  assert.deepEqual(brandArg(['build', '--type', 'weapp']).name, 'quanzi');
});

test('a broken brand file fails with a message naming each bad field', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brands-'));
  test.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const good = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'brands', 'coffee-club.json'), 'utf8'));
  const broken = { ...good, appid: 'wx123', theme: { ...good.theme, brand: 'brown' }, tabIcons: 'assets/nowhere' };
  fs.writeFileSync(path.join(dir, 'broken.json'), JSON.stringify(broken));
  fs.writeFileSync(path.join(dir, 'garbled.json'), '{"appid": ');
  assert.throws(
    () => loadBrand('broken', dir),
    (e) =>
      /brand "broken"/.test(e.message) &&
      /appid: must be a mini-program appid/.test(e.message) &&
      /theme\.brand: must be a colour/.test(e.message) &&
      /tabIcons: assets\/nowhere lacks discover\.png/.test(e.message),
  );
  assert.throws(() => loadBrand('garbled', dir), /not valid JSON/);
  assert.throws(() => loadBrand('missing', dir), /brand "missing": .*not found/);
  assert.deepEqual(validateBrand({ ...good, singleCircleId: 'abc', apiOrigin: 'http://x.cn/api' }), [
    'singleCircleId: must be a circle id (24 hex digits)',
    'apiOrigin: must be an https origin (https://host, no path) or "" for the build default',
  ]);
});

test("a brand's build must carry the brand's appid and name", () => {
  const { checkBrandBuild } = require('./check-weapp');
  const brand = loadBrand('coffee-club');
  const app = appJson({ window: { navigationBarTitleText: brand.appName } });
  const good = makeDist(app, { 'project.config.json': JSON.stringify({ appid: brand.appid }) });
  assert.deepEqual(checkBrandBuild(good, brand), []);
  const stale = makeDist(appJson({ window: { navigationBarTitleText: '圈子' } }), {
    'project.config.json': JSON.stringify({ appid: 'touristappid' }),
  });
  assert.deepEqual(checkBrandBuild(stale, brand), [
    `project.config.json: appid is touristappid, brand coffee-club is ${brand.appid}`,
    'app.json: title is 圈子, brand coffee-club is 咖啡同好会',
  ]);
});
