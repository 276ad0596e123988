import { useStack } from '../harness';
import {
  clickFor,
  describeWithBrowser,
  expectText,
  fillField,
  screenshot,
  taroPage,
  useBrowserPages,
  visible,
} from '../harness/browser';

const LIST = '/packages/admin/broadcasts/index';
const COMPOSE = '/packages/admin/broadcast-compose/index';
const DETAIL = '/packages/admin/broadcast/index';

describeWithBrowser('H5 admin: 群发私信', (chromiumPath) => {
  const stack = useStack({ label: 'browser-broadcasts' });
  const { openPage, openAs } = useBrowserPages(stack, chromiumPath, 'broadcasts');

  test('an admin picks a tag, previews 2 members by name, sends with an event link; the list and stats follow', async () => {
    const page = await openPage('admin');
    const owner = await stack.api.loginDev({ nickname: 'e2e-bc-owner' });
    const as = stack.as(owner.token);
    const circle = await as.createCircle({ name: '群发浏览器圈', joinPolicy: 'open' });
    const tag = await as.createTag(circle.id, { name: 'VIP' });
    const [a, b, c] = await Promise.all(
      ['e2e-bc-a', 'e2e-bc-b', 'e2e-bc-c'].map((n) => stack.api.loginDev({ nickname: n })),
    );
    for (const m of [a, b, c]) await stack.as(m.token).joinCircle(circle.id);
    await as.bulkTagMembers(circle.id, { userIds: [a.user.id, b.user.id], add: [tag.id] });
    const event = await as.createEvent(circle.id, {
      title: '周六徒步',
      mode: 'offline',
      location: '香山',
      startAt: '2030-10-01T01:00:00.000Z',
      endAt: '2030-10-01T09:00:00.000Z',
      ticketTypes: [{ name: '普通票', priceFen: 0, quota: 10 }],
      status: 'published',
    });

    await page.goto(`${stack.baseUrl}/packages/admin/dashboard/index?id=${circle.id}`);
    const dashboard = taroPage(page, '/packages/admin/dashboard/index');
    await fillField(dashboard, '.qz-login-nickname', 'e2e-bc-owner');
    await visible(dashboard, '.qz-login-submit').click();
    await visible(dashboard, '.qz-admin-broadcasts').click();
    await page.waitForURL(new RegExp(`${LIST}\\?id=${circle.id}`));
    const list = taroPage(page, LIST);
    await visible(list, '.qz-broadcasts-empty').waitFor();

    await visible(list, '.qz-broadcasts-new').click();
    await page.waitForURL(new RegExp(COMPOSE));
    const compose = taroPage(page, COMPOSE);
    await fillField(compose, '.qz-broadcast-title', '周六集合');
    await fillField(compose, '.qz-broadcast-body', '九点东门见');
    await visible(compose, `.qz-audience-tags .qz-chip[data-value="${tag.id}"]`).click();
    await visible(compose, `.qz-broadcast-link .qz-chip[data-value="event:${event.id}"]`).click();
    await visible(compose, '.qz-broadcast-preview-btn').click();
    expect(await visible(compose, '.qz-broadcast-preview__count').textContent()).toBe('共 2 位成员');
    const names = (await visible(compose, '.qz-broadcast-preview__names').textContent()) ?? '';
    expect(names.split('、').sort()).toEqual(['e2e-bc-a', 'e2e-bc-b']);

    await visible(compose, '.qz-broadcast-send').click();
    const [created] = await Promise.all([
      page.waitForResponse(
        (r) => r.request().method() === 'POST' && r.url().endsWith(`/api/circles/${circle.id}/broadcasts`),
      ),
      page.locator('.taro-modal__foot').filter({ visible: true }).first().getByText('发送', { exact: true }).click(),
    ]);
    expect(created.status()).toBe(201);
    await page.waitForURL(new RegExp(LIST));
    await visible(list, '.qz-broadcast-row').waitFor();
    expect(await visible(list, '.qz-broadcast-row__title').textContent()).toBe('周六集合');

    const inbox = async (token: string) =>
      (await stack.as(token).myNotifications()).items
        .filter((i) => i.kind === 'broadcast')
        .map((i) => [i.title, i.link]);
    const want = [['周六集合', `/packages/events/detail/index?id=${event.id}`]];
    for (let i = 0; i < 100 && (await inbox(a.token)).length === 0; i += 1) await page.waitForTimeout(100);
    expect(await inbox(a.token)).toEqual(want);
    expect(await inbox(b.token)).toEqual(want);
    expect(await inbox(c.token)).toEqual([]);

    await visible(list, '.qz-broadcast-row').click();
    await page.waitForURL(new RegExp(DETAIL));
    const detail = taroPage(page, DETAIL);
    await visible(detail, '.qz-broadcast-stat--delivered .qz-broadcast-stat__value').waitFor();
    expect(await visible(detail, '.qz-broadcast-stat--audience .qz-broadcast-stat__value').textContent()).toBe('2');
    await expectText(visible(detail, '.qz-broadcast-audience'), '对象：标签 VIP');
    await screenshot(page, 'broadcast-detail');

    // ── Member A: the 我的 badge, 消息, the item opens the linked event; the stats then show read 1.
    const member = await openAs('member A', 'e2e-bc-a');
    await member.goto(`${stack.baseUrl}/pages/me/index`);
    await expectText(visible(member, '.taro-tabbar-badge'), '1');
    await visible(taroPage(member, '/pages/me/index'), '.qz-menu-inbox').click();
    await member.waitForURL(/\/packages\/inbox\/list\/index/);
    const item = visible(taroPage(member, '/packages/inbox/list/index'), '.qz-inbox-item', '周六集合');
    await clickFor(member, item, 'POST', /^\/api\/me\/notifications\/\w+\/click$/);
    await member.waitForURL(new RegExp(`/packages/events/detail/index\\?id=${event.id}`));
    await expectText(visible(taroPage(member, '/packages/events/detail/index'), '.qz-event-title'), '周六徒步');
    await screenshot(member, 'broadcast-member-landed');

    await page.reload();
    await expectText(visible(detail, '.qz-broadcast-stat--read .qz-broadcast-stat__value'), '1');
    await expectText(visible(detail, '.qz-broadcast-stat--clicked .qz-broadcast-stat__value'), '1');
    await expectText(visible(detail, '.qz-broadcast-stat--delivered .qz-broadcast-stat__value'), '2');
    await screenshot(page, 'broadcast-detail-read');
  });
});
