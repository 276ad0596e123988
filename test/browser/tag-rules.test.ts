import { useStack } from '../harness';
import { describeWithBrowser, fillField, screenshot, taroPage, useBrowserPages, visible } from '../harness/browser';

const ROUTE = '/packages/admin/tag-rules/index';

describeWithBrowser('H5 admin: tag rules editor', (chromiumPath) => {
  const stack = useStack({ label: 'browser-tag-rules' });
  const { openPage } = useBrowserPages(stack, chromiumPath, 'tag-rules');

  test('an admin opens 自动打标签 from the dashboard, sees the empty list and creates a rule 「30 天内签到满 3 场 → 核心成员」', async () => {
    const page = await openPage('admin');
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
      page.waitForResponse(
        (r) => r.request().method() === 'POST' && r.url().endsWith(`/api/circles/${circle.id}/tag-rules`),
      ),
      visible(rules, '.qz-rule-save').click(),
    ]);
    expect(created.status()).toBe(201);
    expect(await visible(rules, '.qz-rule-sentence').textContent()).toBe('30 天内活动签到满 3 场 → 核心成员');
    await screenshot(page, 'tag-rules-created');
    const listed = await stack.as(owner.token).listTagRules(circle.id);
    expect(listed.items.map((r) => [r.name, r.tagId])).toEqual([['核心成员', tag.id]]);
  });
});
