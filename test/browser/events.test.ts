import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Locator, Page, Response } from 'playwright-core';
import { h5Dir, suiteStatus, useStack } from '../harness';
import { describeWithBrowser, fillField, launchChromium, newPhonePage, screenshot, taroPage, visible } from '../harness/browser';

function isApi(method: string, pattern: RegExp): (r: Response) => boolean {
  return (r) => r.request().method() === method && pattern.test(new URL(r.url()).pathname);
}

/** Clicks and waits for the API answer the click causes; fails on a non-2xx answer. */
async function clickFor(page: Page, target: Locator, method: string, pattern: RegExp): Promise<Response> {
  const [res] = await Promise.all([page.waitForResponse(isApi(method, pattern)), target.click()]);
  if (!res.ok()) throw new Error(`${method} ${res.url()} answered ${res.status()}: ${await res.text()}`);
  return res;
}

/** Waits (up to 10 s) for the element's text to match; fails with the last text seen. */
async function expectText(target: Locator, text: string | RegExp): Promise<void> {
  await target.waitFor();
  const matches = (t: string) => (typeof text === 'string' ? t === text : text.test(t));
  let last = '';
  for (const until = Date.now() + 10_000; Date.now() < until; await new Promise((r) => setTimeout(r, 100))) {
    last = ((await target.textContent()) ?? '').trim();
    if (matches(last)) return;
  }
  expect(last).toMatch(text);
}

describeWithBrowser('H5 events: an offline event from creation to check-in', (chromiumPath) => {
  const stack = useStack({ label: 'browser-events' });
  let browser: Browser | undefined;
  const pages: { label: string; page: Page; log: string[] }[] = [];

  async function openAs(label: string, nickname: string): Promise<Page> {
    if (!browser) throw new Error('no browser (see the beforeAll error)');
    const page = await newPhonePage(browser);
    page.setDefaultTimeout(15_000);
    const log: string[] = [];
    page.on('console', (m) => log.push(`[console.${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => log.push(`[pageerror] ${e.message}`));
    page.on('response', (r) => {
      if (r.url().includes('/api/')) log.push(`[response] ${r.status()} ${r.request().method()} ${r.url()}`);
    });
    pages.push({ label, page, log });
    await page.goto(stack.baseUrl + '/');
    await fillField(page, '.qz-login-nickname', nickname);
    await clickFor(page, visible(page, '.qz-login-submit'), 'POST', /^\/api\/auth\/dev$/);
    return page;
  }

  beforeAll(async () => {
    if (!fs.existsSync(path.join(h5Dir, 'index.html'))) {
      throw new Error(`No H5 build at ${h5Dir}; run \`npm run build:h5 -w @quanzi/miniprogram\` first.`);
    }
    browser = await launchChromium(chromiumPath);
  }, 90_000);

  afterEach(async () => {
    if (suiteStatus.currentTestFailed()) {
      for (const { label, page, log } of pages) {
        const shot = await screenshot(page, `FAILED events ${label}`);
        process.stderr.write(`\n── browser page log (${label}) ──\n${log.join('\n') || '(empty)'}\n── url: ${page.url()} · screenshot: ${shot ?? '(none)'} ──\n`);
      }
    }
    for (const { page } of pages.splice(0)) await page.context().close();
  });

  afterAll(async () => {
    await browser?.close();
  });

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
    const created = await clickFor(a, visible(edit, '.qz-publish'), 'POST', new RegExp(`^/api/circles/${circleId}/events$`));
    const event = (await created.json()) as { id: string; ticketTypes: { name: string }[]; formFields: { type: string }[] };
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
    const signedUp = await clickFor(b, b.locator('.taro-modal__foot').filter({ visible: true }).first().getByText('报名', { exact: true }), 'POST', new RegExp(`^/api/events/${event.id}/registrations$`));
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
