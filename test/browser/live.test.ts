import { useStack } from '../harness';
import {
  describeWithBrowser,
  expectText,
  fillField,
  screenshot,
  taroPage,
  useBrowserPages,
  visible,
} from '../harness/browser';

describeWithBrowser('H5 live: event chat and door counts without reloading', (chromiumPath) => {
  const stack = useStack({ label: 'browser-live' });
  const { openAs } = useBrowserPages(stack, chromiumPath, 'live');

  test('holder A writes and holder B sees it live; the door counter moves when another checker scans', async () => {
    const run = Date.now() % 100_000;
    const adminName = `e2e-live-admin-${run}`;
    const aName = `e2e-live-a-${run}`;
    const bName = `e2e-live-b-${run}`;
    // Circle, event and tickets come from the API; the scenario is about the live pages.
    const admin = await stack.api.loginDev({ nickname: adminName });
    const circleId = (await stack.as(admin.token).createCircle({ name: `现场圈${run}`, joinPolicy: 'open' })).id;
    const event = await stack.as(admin.token).createEvent(circleId, {
      title: `现场活动${run}`,
      mode: 'offline',
      location: '朝阳公园',
      startAt: '2031-06-01T01:00:00.000Z',
      endAt: '2031-06-01T04:00:00.000Z',
      ticketTypes: [
        { name: '普通票', priceFen: 0, quota: 50 },
        { name: '志愿者票', priceFen: 0, quota: 5 },
      ],
      status: 'published',
    });
    await stack.as(admin.token).updateEvent(event.id, { chatEnabled: true });
    const codes: string[] = [];
    for (const name of [aName, bName]) {
      const m = await stack.api.loginDev({ nickname: name });
      await stack.as(m.token).joinCircle(circleId);
      const r = await stack.as(m.token).register(event.id, { ticketTypeId: event.ticketTypes[0].id });
      codes.push(r.ticketCode!);
    }

    // ── Both holders open 聊天室 from 我的门票.
    const a = await openAs('a', aName);
    const b = await openAs('b', bName);
    for (const p of [a, b]) {
      await p.goto(`${stack.baseUrl}/packages/events/tickets/index`);
      await visible(p, '.qz-ticket-chat').click();
      await p.waitForURL(new RegExp(`/packages/events/chat/index\\?id=${event.id}`));
      await expectText(visible(taroPage(p, '/packages/events/chat/index'), '.qz-chat-empty'), /还没有消息/);
    }
    const roomA = taroPage(a, '/packages/events/chat/index');
    const roomB = taroPage(b, '/packages/events/chat/index');
    // B may still be joining when A writes: it joins after the seq of its first page, so it gets it either way.

    await fillField(roomA, '.qz-chat-input', '大家好，我在南门');
    await visible(roomA, '.qz-chat-send').click();
    await expectText(visible(roomA, '.qz-chat-msg__text'), '大家好，我在南门');
    // B sees it without a reload.
    await expectText(visible(roomB, '.qz-chat-msg__text'), '大家好，我在南门');
    // A message sent through the API (another device) reaches both pages too, once.
    await stack
      .as(admin.token)
      .sendChatMessage(event.id, { text: '集合时间改到九点', clientId: `c-${run}`, announcement: true });
    await expectText(visible(roomB, '.qz-chat-pinned__text'), '集合时间改到九点');
    await expectText(visible(roomA, '.qz-chat-pinned__text'), '集合时间改到九点');
    expect(await roomB.locator('.qz-chat-msg').count()).toBe(2);
    await screenshot(b, 'live-chat');

    // ── The admin's door page shows 0/2; a second checker scans over the API; the counter moves.
    const door = await openAs('admin', adminName);
    await door.goto(`${stack.baseUrl}/packages/events/checkin/index?id=${event.id}`);
    const doorPage = taroPage(door, '/packages/events/checkin/index');
    await expectText(visible(doorPage, '.qz-checkin-stats'), '0/2');
    await stack.as(admin.token).checkIn(event.id, { ticketCode: codes[1] });
    await expectText(visible(doorPage, '.qz-checkin-stats'), '1/2');
    await expectText(visible(doorPage, '.qz-door-type', '普通票'), '普通票1/2');
    await expectText(visible(doorPage, '.qz-door-type', '志愿者票'), '志愿者票0/0');
    await expectText(visible(doorPage, '.qz-session-count'), '0');
    await screenshot(door, 'live-door');
  }, 180_000);
});
