import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { useStack } from '../harness';
import { artifactPath, describeWithBrowser, fillField, screenshot, useBrowserPages, visible } from '../harness/browser';
import { repoRoot } from '../harness/paths';

// 专属小程序 (issue 19): the sample single-circle brand's H5 build shows its own name and colours and
// opens straight into its circle. Its build is made here when absent (~15 s on a quiet machine).
const BRAND = 'coffee-club';
const brandFile = JSON.parse(
  fs.readFileSync(path.join(repoRoot, 'apps', 'miniprogram', 'brands', `${BRAND}.json`), 'utf8'),
) as { appName: string; theme: { brand: string }; singleCircleId: string };
const brandH5 = path.join(repoRoot, 'apps', 'miniprogram', 'dist', 'brands', BRAND, 'h5');

function ensureBrandBuild(): void {
  if (fs.existsSync(path.join(brandH5, 'index.html'))) return;
  const run = spawnSync('npm', ['run', 'build:h5', '-w', '@quanzi/miniprogram', '--', '--brand', BRAND], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`the ${BRAND} H5 build failed:\n${run.stdout}\n${run.stderr}`);
}

const tabLabels = (page: Page) => page.locator('.weui-tabbar__label').filter({ visible: true }).allTextContents();
const brandColour = (page: Page) =>
  page.evaluate(() =>
    getComputedStyle(document.querySelector('.taro_page') ?? document.body)
      .getPropertyValue('--qz-brand')
      .trim()
      .toLowerCase(),
  );

describeWithBrowser('brand builds (专属小程序)', (chromiumPath) => {
  beforeAll(ensureBrandBuild, 300_000);
  const brand = useStack({ label: 'browser-brand', env: { H5_DIR: brandH5 } });
  const quanzi = useStack({ label: 'browser-brand-default' });
  // One Chromium for both: a page goes to either server by its URL.
  const { openPage } = useBrowserPages(brand, chromiumPath, 'brands');

  test('the single-circle brand shows its name and colours and opens into its circle; both side by side', async () => {
    const page = await openPage('coffee-club');
    const circleRequest = page.waitForRequest((r) => r.url().includes(`/api/circles/${brandFile.singleCircleId}`));
    await page.goto(brand.baseUrl + '/');
    await page.locator('.weui-tabbar__label').filter({ visible: true, hasText: '首页' }).first().waitFor();
    expect(await tabLabels(page)).toEqual(['首页', '我的']);
    expect(await brandColour(page)).toBe(brandFile.theme.brand.toLowerCase());
    await expect(page.title()).resolves.toContain(brandFile.appName);

    // Signed in, the home is the brand's circle (its id is baked into the build).
    await fillField(page, '.qz-login-nickname', 'e2e-coffee-member');
    await visible(page, '.qz-login-submit').click();
    await circleRequest;
    const brandShot = await screenshot(page, 'brand-coffee-club-home');

    const other = await openPage('quanzi');
    await other.goto(quanzi.baseUrl + '/');
    await other.locator('.weui-tabbar__label').filter({ visible: true, hasText: '发现' }).first().waitFor();
    expect(await tabLabels(other)).toEqual(['发现', '我的圈子', '我的']);
    expect(await brandColour(other)).toBe('#4f6bed');
    const quanziShot = await screenshot(other, 'brand-quanzi-home');

    // One picture with both brands, for the reviewer.
    const img = (file: string | null) =>
      file ? `<img style="width:375px" src="data:image/png;base64,${fs.readFileSync(file).toString('base64')}">` : '';
    await other.setContent(`<div style="display:flex;gap:16px">${img(quanziShot)}${img(brandShot)}</div>`);
    await other.screenshot({ path: artifactPath('brands-side-by-side'), fullPage: true });
  });
});
