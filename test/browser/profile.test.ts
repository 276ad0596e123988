import { useStack } from '../harness';
import { describeWithBrowser, fillField, screenshot, taroPage, useBrowserPages, visible } from '../harness/browser';

describeWithBrowser('H5 app in Chromium', (chromiumPath) => {
  const stack = useStack({ label: 'browser' });
  const { openPage } = useBrowserPages(stack, chromiumPath, 'profile');

  test('the app opens on 发现; the 我的 tab offers the H5 login', async () => {
    const page = await openPage('visitor');
    await page.goto(stack.baseUrl + '/');
    const tab = (label: string) =>
      page
        .locator('.weui-tabbar__label')
        .filter({ visible: true, hasText: new RegExp(`^${label}$`) })
        .first();
    for (const label of ['发现', '我的圈子', '我的']) await tab(label).waitFor();

    await tab('我的').click();
    await page.waitForURL(/\/pages\/me\/index/);
    await visible(taroPage(page, '/pages/me/index'), '.qz-login-nickname input').waitFor();
  });

  test('a member logs in, edits the nickname and sees it saved after a reload', async () => {
    const page = await openPage('member');
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
