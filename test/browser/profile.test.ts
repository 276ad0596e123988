import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { h5Dir, suiteStatus, useStack } from '../harness';
import {
  describeWithBrowser,
  fillField,
  launchChromium,
  newPhonePage,
  screenshot,
  taroPage,
  visible,
} from '../harness/browser';

describeWithBrowser('H5 app in Chromium', (chromiumPath) => {
  const stack = useStack({ label: 'browser' });
  let browser: Browser | undefined;
  let page: Page | undefined;
  const pageLog: string[] = [];

  beforeAll(async () => {
    if (!fs.existsSync(path.join(h5Dir, 'index.html'))) {
      throw new Error(`No H5 build at ${h5Dir}; run \`npm run build:h5 -w @quanzi/miniprogram\` first.`);
    }
    browser = await launchChromium(chromiumPath);
  }, 90_000);

  beforeEach(async () => {
    pageLog.length = 0;
    page = undefined;
    if (!browser) return; // beforeAll failed; jest reports that error on each test
    page = await newPhonePage(browser);
    page.setDefaultTimeout(15_000);
    page.on('console', (m) => pageLog.push(`[console.${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => pageLog.push(`[pageerror] ${e.message}`));
    page.on('requestfailed', (r) => pageLog.push(`[requestfailed] ${r.method()} ${r.url()} ${r.failure()?.errorText ?? ''}`));
    page.on('response', (r) => {
      if (r.url().includes('/api/')) pageLog.push(`[response] ${r.status()} ${r.request().method()} ${r.url()}`);
    });
  });

  afterEach(async () => {
    if (!page) return;
    if (suiteStatus.currentTestFailed()) {
      const shot = await screenshot(page, `FAILED ${suiteStatus.currentTestName()}`);
      process.stderr.write(
        `\n── browser page log (${suiteStatus.currentTestName()}) ──\n${pageLog.join('\n') || '(empty)'}\n` +
          `── url: ${page.url()} · screenshot: ${shot ?? '(could not take one)'} ──\n`,
      );
    }
    await page.context().close();
  });

  afterAll(async () => {
    await browser?.close();
  });

  test('the app opens on 发现; the 我的 tab offers the H5 login', async () => {
    if (!page) throw new Error('no browser page (see the beforeAll error)');
    const current = page;
    await current.goto(stack.baseUrl + '/');
    const tab = (label: string) =>
      current.locator('.weui-tabbar__label').filter({ visible: true, hasText: new RegExp(`^${label}$`) }).first();
    for (const label of ['发现', '我的圈子', '我的']) await tab(label).waitFor();

    await tab('我的').click();
    await current.waitForURL(/\/pages\/me\/index/);
    await visible(taroPage(current, '/pages/me/index'), '.qz-login-nickname input').waitFor();
  });

  test('a member logs in, edits the nickname and sees it saved after a reload', async () => {
    if (!page) throw new Error('no browser page (see the beforeAll error)');
    const newName = `浏览器小王${Date.now() % 10_000}`;
    await page.goto(stack.baseUrl + '/pages/me/index');
    const me = taroPage(page, '/pages/me/index');

    // H5 has no wx.login: a dev login by nickname.
    await fillField(me, '.qz-login-nickname', 'e2e-browser-member');
    await visible(me, '.qz-login-submit').click();

    // The profile form shows the logged-in member; edit and save.
    await fillField(me, '.qz-profile-nickname', newName);
    const [saved] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/me') && r.request().method() === 'PATCH'),
      visible(me, '.qz-profile-save').click(),
    ]);
    expect(saved.status()).toBe(200);
    await visible(page, 'text=已保存').waitFor();

    // After a reload the page shows what the server returns for GET /api/me.
    await page.reload();
    await me.locator('.qz-profile-name').filter({ visible: true, hasText: newName }).first().waitFor();
    await screenshot(page, 'profile-saved');

    // The server holds it too: logging in again as the same member returns the new nickname.
    const again = await stack.api.loginDev({ nickname: 'e2e-browser-member' });
    expect(again.user.nickname).toBe(newName);
  });
});
