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

describeWithBrowser('H5 events: an offline event from creation to check-in', (chromiumPath) => {
  const stack = useStack({ label: 'browser-events' });
  const { openAs } = useBrowserPages(stack, chromiumPath, 'events');

  test('admin creates an event with two ticket types and a phone field; a member signs up and shows the QR; the door checks it in once', async () => {
    const run = Date.now() % 100_000;
    const adminName = `e2e-events-admin-${run}`;
    const memberName = `e2e-events-member-${run}`;
    const title = `周六城市徒步${run}`;
    // The circle and the membership come from the API; the scenario is about events.
    const adminLogin = await stack.api.loginDev({ nickname: adminName });
    const circleId = (await stack.as(adminLogin.token).createCircle({ name: `徒步圈${run}`, joinPolicy: 'open' })).id;
    const memberLogin = await stack.api.loginDev({ nickname: memberName });
    await stack.as(memberLogin.token).joinCircle(circleId);

    // ── The admin opens 活动 from the circle home and creates the event.
    const a = await openAs('admin', adminName);
    await a.goto(`${stack.baseUrl}/pages/circle/index?id=${circleId}`);
    await visible(a, '.qz-circle-events').click();
    await a.waitForURL(/\/packages\/events\/list\/index/);
    await visible(a, '.qz-event-create').click();
    await a.waitForURL(/\/packages\/events\/edit\/index/);
    const edit = taroPage(a, '/packages/events/edit/index');
    await fillField(edit, '.qz-event-title-input', title);
    await fillField(edit, '.qz-event-location', '奥林匹克森林公园南门');
    await fillField(edit, '.qz-ticket-draft-0 .qz-ticket-quota', '30');
    await visible(edit, '.qz-add-ticket').click();
    await fillField(edit, '.qz-ticket-draft-1 .qz-ticket-name', '领队票');
    await fillField(edit, '.qz-ticket-draft-1 .qz-ticket-quota', '5');
    await visible(edit, '.qz-add-field').click();
    await fillField(edit, '.qz-field-draft-0 .qz-field-label', '手机号');
    await edit.locator('.qz-field-draft-0 .qz-chip', { hasText: '手机号' }).filter({ visible: true }).first().click();
    const created = await clickFor(
      a,
      visible(edit, '.qz-publish'),
      'POST',
      new RegExp(`^/api/circles/${circleId}/events$`),
    );
    const event = (await created.json()) as {
      id: string;
      ticketTypes: { name: string }[];
      formFields: { type: string }[];
    };
    expect(event.ticketTypes.map((t) => t.name)).toEqual(['普通票', '领队票']);
    expect(event.formFields).toEqual([expect.objectContaining({ label: '手机号', type: 'phone', required: true })]);
    await a.waitForURL(new RegExp(`/packages/events/detail/index\\?id=${event.id}`));
    await expectText(visible(a, '.qz-event-title'), title);

    // ── The member finds it under 活动, picks 领队票, fills the phone and signs up.
    const b = await openAs('member', memberName);
    await b.goto(`${stack.baseUrl}/pages/circle/index?id=${circleId}`);
    await visible(b, '.qz-circle-events').click();
    await b.waitForURL(/\/packages\/events\/list\/index/);
    await b.locator('.qz-event-item', { hasText: title }).filter({ visible: true }).first().click();
    await b.waitForURL(/\/packages\/events\/detail\/index/);
    const detail = taroPage(b, '/packages/events/detail/index');
    await expectText(visible(detail, '.qz-event-place'), /奥林匹克森林公园南门/);
    await detail.locator('.qz-ticket-type', { hasText: '领队票' }).filter({ visible: true }).first().click();
    // A bad phone number is caught before anything is sent.
    await fillField(detail, '.qz-form-field-f1', '12345');
    await visible(detail, '.qz-signup-submit').click();
    await expectText(visible(detail, '.qz-signup-error'), '手机号不是有效的手机号');
    await fillField(detail, '.qz-form-field-f1', '13800138000');
    await visible(detail, '.qz-signup-submit').click();
    const signedUp = await clickFor(
      b,
      b.locator('.taro-modal__foot').filter({ visible: true }).first().getByText('报名', { exact: true }),
      'POST',
      new RegExp(`^/api/events/${event.id}/registrations$`),
    );
    expect(((await signedUp.json()) as { status: string }).status).toBe('confirmed');
    await b.waitForURL(/\/packages\/events\/ticket\/index/);
    const ticket = taroPage(b, '/packages/events/ticket/index');
    await expectText(visible(ticket, '.qz-ticket-status'), '已报名');
    const code = (await visible(ticket, '.qz-ticket-code').textContent())!.trim();
    expect(code).toMatch(/^QZT1\.[0-9a-f]{24}\.[A-Za-z0-9_-]+$/);
    // The QR is drawn on a canvas for that code, and it is not blank.
    const qr = visible(ticket, 'canvas.qz-ticket-qr');
    expect(await qr.getAttribute('data-code')).toBe(code);
    const dark = await qr.evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i] < 128) n += 1;
      return n / (d.length / 4);
    });
    expect(dark).toBeGreaterThan(0.2);
    expect(dark).toBeLessThan(0.8);
    // The ticket says what it is for.
    await expectText(visible(ticket, '.qz-ticket-event-title'), title);
    await screenshot(b, 'events-ticket');

    // ── At the door the admin types the code: 签到成功, then 已签到 on a second try; stats 1/1.
    await visible(a, '.qz-go-checkin').click();
    await a.waitForURL(/\/packages\/events\/checkin\/index/);
    const door = taroPage(a, '/packages/events/checkin/index');
    await expectText(visible(door, '.qz-checkin-stats'), '0/1');
    await fillField(door, '.qz-checkin-code', code);
    await clickFor(a, visible(door, '.qz-checkin-submit'), 'POST', new RegExp(`^/api/events/${event.id}/checkins$`));
    await expectText(visible(door, '.qz-checkin-ok .qz-ev-result__title'), '签到成功');
    await expectText(visible(door, '.qz-session-count'), '1');
    await expectText(visible(door, '.qz-checkin-stats'), '1/1');
    await screenshot(a, 'events-checkin-ok');
    await fillField(door, '.qz-checkin-code', code);
    await clickFor(a, visible(door, '.qz-checkin-submit'), 'POST', new RegExp(`^/api/events/${event.id}/checkins$`));
    await expectText(visible(door, '.qz-checkin-again .qz-ev-result__title'), '已签到');
    await expectText(visible(door, '.qz-session-count'), '1');
    await expectText(visible(door, '.qz-checkin-stats'), '1/1');
    await screenshot(a, 'events-checkin-again');

    // The member's ticket now says 已签到.
    await b.reload();
    await expectText(visible(taroPage(b, '/packages/events/ticket/index'), '.qz-ticket-status'), '已签到');
  }, 180_000);
});
