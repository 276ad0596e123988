import { useStack } from '../harness';
import {
  clickFor,
  describeWithBrowser,
  expectEventually,
  expectText,
  isApi,
  screenshot,
  taroPage,
  useBrowserPages,
  visible,
} from '../harness/browser';

describeWithBrowser('H5 inbox: a member hears that the admin approved their signup', (chromiumPath) => {
  const stack = useStack({ label: 'browser-inbox' });
  const { openAs } = useBrowserPages(stack, chromiumPath, 'inbox');

  test('the 我的 badge and 消息 count show the unread item; tapping it opens the event and the count drops', async () => {
    const run = Date.now() % 100_000;
    const adminName = `e2e-inbox-admin-${run}`;
    const memberName = `e2e-inbox-member-${run}`;
    const title = `读书分享会${run}`;
    // Setup through the API: a circle, an event that needs approval, the member's signup.
    const admin = await stack.api.loginDev({ nickname: adminName });
    const circleId = (await stack.as(admin.token).createCircle({ name: `读书圈${run}`, joinPolicy: 'open' })).id;
    const event = await stack.as(admin.token).createEvent(circleId, {
      title,
      mode: 'offline',
      location: '朝阳区三里屯书店',
      startAt: '2030-10-01T11:00:00.000Z',
      endAt: '2030-10-01T13:00:00.000Z',
      requireApproval: true,
      ticketTypes: [{ name: '普通票', priceFen: 0, quota: 20 }],
      status: 'published',
    });

    const member = stack.as((await stack.api.loginDev({ nickname: memberName })).token);
    await member.joinCircle(circleId);
    const signup = await member.register(event.id, { ticketTypeId: event.ticketTypes[0].id });
    expect(signup.status).toBe('pending_approval');
    expect((await member.myNotifications()).unread).toBe(0);

    // ── The admin approves: one unread item for the member.
    await stack.as(admin.token).approveRegistration(signup.id);
    expect((await member.myNotifications()).unread).toBe(1);

    // ── 我的: the tab carries the badge, the 消息 entry the count.
    const b = await openAs('member', memberName);
    await b.goto(`${stack.baseUrl}/pages/me/index`);
    const me = taroPage(b, '/pages/me/index');
    await expectText(visible(me, '.qz-menu-inbox .qz-menu__count'), '1');
    await expectText(visible(b, '.taro-tabbar-badge'), '1');
    await screenshot(b, 'inbox-me-badge');

    // ── 消息: the item is unread (dot), names the kind, and opens the event when tapped.
    await visible(me, '.qz-menu-inbox').click();
    await b.waitForURL(/\/packages\/inbox\/list\/index/);
    const inbox = taroPage(b, '/packages/inbox/list/index');
    const item = visible(inbox, '.qz-inbox-item', '报名已通过');
    await item.waitFor();
    expect(await item.locator('.qz-inbox-item__dot').count()).toBe(1);
    await expectText(item.locator('.qz-inbox-item__kind'), '报名通过');
    await expectText(item.locator('.qz-inbox-item__time'), '刚刚');
    await expectText(visible(inbox, '.qz-inbox-bar__count'), '1 条未读');
    await screenshot(b, 'inbox-list');
    await clickFor(b, item, 'POST', /^\/api\/me\/notifications\/\w+\/click$/);
    await b.waitForURL(new RegExp(`/packages/events/detail/index\\?id=${event.id}`));
    await expectText(visible(taroPage(b, '/packages/events/detail/index'), '.qz-event-title'), title);
    await screenshot(b, 'inbox-landed-on-event');

    // ── Back in 消息 the item is read; on 我的 the count and the badge are gone.
    expect((await member.myNotifications()).unread).toBe(0);
    await b.goBack();
    await b.waitForURL(/\/packages\/inbox\/list\/index/);
    await expectText(visible(inbox, '.qz-inbox-bar__count'), '没有未读消息');
    expect(await visible(inbox, '.qz-inbox-item', '报名已通过').locator('.qz-inbox-item__dot').count()).toBe(0);
    await Promise.all([
      b.waitForResponse(isApi('GET', /^\/api\/me\/notifications$/)),
      b.goto(`${stack.baseUrl}/pages/me/index`),
    ]);
    await visible(me, '.qz-menu-inbox').waitFor();
    const shown = (selector: string) => async () => String(await b.locator(selector).filter({ visible: true }).count());
    await expectEventually(shown('.taro_page[id^="/pages/me/index"] .qz-menu-inbox .qz-menu__count'), '0');
    await expectEventually(shown('.taro-tabbar-badge'), '0');
    await screenshot(b, 'inbox-me-read');
  });

  test('通知设置: a kind turned off, a circle muted and quiet hours off are saved and shown again', async () => {
    const run = Date.now() % 100_000;
    const memberName = `e2e-inbox-settings-${run}`;
    const member = stack.as((await stack.api.loginDev({ nickname: memberName })).token);
    const circleId = (await member.createCircle({ name: `设置圈${run}`, joinPolicy: 'open' })).id;

    const b = await openAs('member', memberName);
    await b.goto(`${stack.baseUrl}/packages/inbox/list/index`);
    await visible(taroPage(b, '/packages/inbox/list/index'), '.qz-inbox-settings').click();
    await b.waitForURL(/\/packages\/inbox\/settings\/index/);
    const page = taroPage(b, '/packages/inbox/settings/index');
    await expectText(visible(page, '.qz-quiet-start'), '22:00');
    await expectText(visible(page, '.qz-quiet-end'), '08:00');

    const save = /^\/api\/me\/notification-settings$/;
    await clickFor(b, visible(page, '.qz-settings-kind--event_changed input'), 'PATCH', save);
    await clickFor(b, visible(page, '.qz-settings-circle input'), 'PATCH', save);
    await clickFor(b, visible(page, '.qz-quiet-switch input'), 'PATCH', save);
    expect(await page.locator('.qz-quiet-start').filter({ visible: true }).count()).toBe(0);
    expect(await member.getNotificationSettings()).toEqual({
      disabledKinds: ['event_changed'],
      mutedCircleIds: [circleId],
      quietHours: null,
    });
    await screenshot(b, 'inbox-settings');

    // Opened again, the page shows what was saved.
    await b.reload();
    await visible(page, '.qz-settings-kind--event_changed').waitFor();
    const checked = (selector: string) => visible(page, `${selector} input`).isChecked();
    expect(await checked('.qz-settings-kind--event_changed')).toBe(false);
    expect(await checked('.qz-settings-kind--event_reminder')).toBe(true);
    expect(await checked('.qz-settings-circle')).toBe(false);
    expect(await checked('.qz-quiet-switch')).toBe(false);
  });

  test('消息 starts empty; 全部已读 clears every unread item and the count', async () => {
    const run = Date.now() % 100_000;
    const adminName = `e2e-inbox-all-admin-${run}`;
    const memberName = `e2e-inbox-all-member-${run}`;
    const admin = stack.as((await stack.api.loginDev({ nickname: adminName })).token);
    const member = stack.as((await stack.api.loginDev({ nickname: memberName })).token);
    const circleId = (await admin.createCircle({ name: `全部已读圈${run}`, joinPolicy: 'open' })).id;
    await member.joinCircle(circleId);

    const b = await openAs('member', memberName);
    await b.goto(`${stack.baseUrl}/packages/inbox/list/index`);
    const inbox = taroPage(b, '/packages/inbox/list/index');
    await expectText(visible(inbox, '.qz-empty__title'), '暂无消息');

    // Two events the member signed up for are cancelled: two unread items.
    for (const title of ['周六羽毛球', '周日读书会']) {
      const event = await admin.createEvent(circleId, {
        title,
        mode: 'offline',
        location: '朝阳公园',
        startAt: '2030-10-01T11:00:00.000Z',
        endAt: '2030-10-01T13:00:00.000Z',
        ticketTypes: [{ name: '普通票', priceFen: 0, quota: 20 }],
        status: 'published',
      });
      await member.register(event.id, { ticketTypeId: event.ticketTypes[0].id });
      await admin.cancelEvent(event.id);
    }
    await b.reload();
    await expectText(visible(inbox, '.qz-inbox-bar__count'), '2 条未读');
    expect(await inbox.locator('.qz-inbox-item__dot').filter({ visible: true }).count()).toBe(2);

    const res = await clickFor(b, visible(inbox, '.qz-inbox-read-all'), 'POST', /^\/api\/me\/notifications\/read$/);
    expect(res.request().postDataJSON()).toEqual({ all: true });
    await expectText(visible(inbox, '.qz-inbox-bar__count'), '没有未读消息');
    expect(await inbox.locator('.qz-inbox-item__dot').filter({ visible: true }).count()).toBe(0);
    expect(await inbox.locator('.qz-inbox-item').filter({ visible: true }).count()).toBe(2);
    expect((await member.myNotifications()).unread).toBe(0);
    await screenshot(b, 'inbox-all-read');
  });
});
