import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { h5Dir, suiteStatus, useStack } from '../harness';
import { describeWithBrowser, fillField, launchChromium, newPhonePage, screenshot, taroPage, visible } from '../harness/browser';

const ROUTE = '/packages/admin/tag-rules/index';

describeWithBrowser('H5 admin: tag rules editor', (chromiumPath) => {
  const stack = useStack({ label: 'browser-tag-rules' });
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
    if (!browser) return;
    page = await newPhonePage(browser);
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (e) => pageLog.push(`[pageerror] ${e.message}`));
    page.on('response', (r) => {
      if (r.url().includes('/api/')) pageLog.push(`[response] ${r.status()} ${r.request().method()} ${r.url()}`);
    });
  });

  afterEach(async () => {
    if (!page) return;
    if (suiteStatus.currentTestFailed()) {
      const shot = await screenshot(page, `FAILED ${suiteStatus.currentTestName()}`);
      process.stderr.write(`\n── browser page log ──\n${pageLog.join('\n') || '(empty)'}\n── screenshot: ${shot ?? '(none)'} ──\n`);
    }
    await page.context().close();
  });

  afterAll(async () => {
    await browser?.close();
  });

  test('an admin opens 自动打标签 from the dashboard, sees the empty list and creates a rule 「30 天内签到满 3 场 → 核心成员」', async () => {
    if (!page) throw new Error('no browser page (see the beforeAll error)');
    const owner = await stack.api.loginDev({ nickname: 'e2e-rules-owner' });
    const circle = await stack.as(owner.token).createCircle({ name: '规则测试圈', joinPolicy: 'open' });
    const tag = await stack.as(owner.token).createTag(circle.id, { name: '核心成员', color: '#4F6BED' });

    await page.goto(`${stack.baseUrl}/packages/admin/dashboard/index?id=${circle.id}`);
    const dashboard = taroPage(page, '/packages/admin/dashboard/index');
    await fillField(dashboard, '.qz-login-nickname', 'e2e-rules-owner');
    await visible(dashboard, '.qz-login-submit').click();
    await visible(dashboard, '.qz-admin-tag-rules').click();
    await page.waitForURL(new RegExp(`${ROUTE}\\?id=${circle.id}`));
    const rules = taroPage(page, ROUTE);
    await visible(rules, '.qz-rules-empty').waitFor();

    await visible(rules, '.qz-rules-new').click();
    await fillField(rules, '.qz-rule-name', '核心成员');
    await visible(rules, '.qz-rule-preview').waitFor();
    expect(await visible(rules, '.qz-rule-preview').textContent()).toBe('30 天内活动签到满 3 场 → （选择标签）');

    // Saving without a tag is refused in the form, before any request.
    await visible(rules, '.qz-rule-save').click();
    expect(await visible(rules, '.qz-rule-error').textContent()).toBe('请选择要添加的标签');
    await visible(rules, `.qz-rule-tag .qz-chip[data-value="${tag.id}"]`).click();
    const [created] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/api/circles/${circle.id}/tag-rules`)),
      visible(rules, '.qz-rule-save').click(),
    ]);
    expect(created.status()).toBe(201);
    expect(await visible(rules, '.qz-rule-sentence').textContent()).toBe('30 天内活动签到满 3 场 → 核心成员');
    await screenshot(page, 'tag-rules-created');
    const listed = await stack.as(owner.token).listTagRules(circle.id);
    expect(listed.items.map((r) => [r.name, r.tagId])).toEqual([['核心成员', tag.id]]);
  });
});
