import { useStack } from '../harness';
import {
  describeWithBrowser,
  expectEventually,
  expectText,
  isApi,
  screenshot,
  taroPage,
  useBrowserPages,
  visible,
} from '../harness/browser';

describeWithBrowser(
  'H5 insight: the owner reads joins by channel, switches the range and a member score',
  (chromiumPath) => {
    const stack = useStack({ label: 'browser-insight' });
    const { openAs } = useBrowserPages(stack, chromiumPath, 'insight');

    test('two invite links bring 3 and 2 members; 数据 shows them per channel in both ranges; a member detail explains the score', async () => {
      const run = Date.now() % 100_000;
      const ownerName = `e2e-insight-owner-${run}`;

      // History over the API: two channel links, members joining through each, one of them posting.
      const owner = await stack.api.loginDev({ nickname: ownerName });
      const ownerApi = stack.as(owner.token);
      const circle = await ownerApi.createCircle({ name: `数据圈${run}`, joinPolicy: 'open' });
      const roadshow = await ownerApi.createInvite(circle.id, { channel: '路演海报' });
      const article = await ownerApi.createInvite(circle.id, { channel: '公众号' });
      const event = await ownerApi.createEvent(circle.id, {
        title: `数据分享会${run}`,
        mode: 'offline',
        location: '静安寺',
        startAt: '2031-06-01T06:00:00.000Z',
        endAt: '2031-06-01T08:00:00.000Z',
        ticketTypes: [{ name: '免费票', priceFen: 0, quota: 10 }],
        status: 'published',
      });
      const joiners: { userId: string; channel: string }[] = [];
      for (const [i, invite] of [roadshow, roadshow, roadshow, article, article].entries()) {
        const who = await stack.api.loginDev({ nickname: `e2e-insight-m${i}-${run}` });
        const api = stack.as(who.token);
        await api.openInvite(invite.code);
        await api.joinCircle(circle.id, { inviteCode: invite.code });
        if (i === 0) await api.createPost(circle.id, { text: '路演海报来的第一位' });
        // Three of them read the event, two sign up (the funnel: 3 → 2 → 2).
        if (i < 3) await api.getEvent(event.id);
        if (i < 2) await api.register(event.id, { ticketTypeId: event.ticketTypes[0].id });
        joiners.push({ userId: who.user.id, channel: invite.channel });
      }

      // ── The owner opens 数据 from the admin dashboard.
      const page = await openAs('owner', ownerName);
      await page.goto(`${stack.baseUrl}/packages/admin/dashboard/index?id=${circle.id}`);
      const dashboard = taroPage(page, '/packages/admin/dashboard/index');
      const [first] = await Promise.all([
        page.waitForResponse(isApi('GET', new RegExp(`^/api/circles/${circle.id}/analytics/overview`))),
        visible(dashboard, '.qz-admin-insight-entry').click(),
      ]);
      expect(first.status()).toBe(200);
      const query30 = new URL(first.url()).searchParams;
      const insight = taroPage(page, '/packages/admin/insight/index');

      // Joins by channel, as text: 路演海报 3, 公众号 2 (largest first).
      const totals = () =>
        insight
          .locator('.qz-insight-channel-totals .qz-insight-table__row')
          .filter({ visible: true })
          .evaluateAll((rows) => rows.map((r) => (r.textContent ?? '').replace(/\s+/g, ' ').trim()));
      await expectEventually(
        async () => (await totals()).slice(0, 3).join(' | '),
        /^渠道 ?加入人数 \| 路演海报 ?3 \| 公众号 ?2/,
      );
      await expectText(visible(insight, '.qz-insight-total .qz-insight-stat__value'), '6');
      await expectText(visible(insight, '.qz-insight-pending .qz-insight-stat__value'), '0');
      await screenshot(page, 'insight-overview-30d');

      // ── Switch to 近7天: a new request for a 7-day range ending the same day; the joins are still there.
      const [week] = await Promise.all([
        page.waitForResponse(isApi('GET', new RegExp(`^/api/circles/${circle.id}/analytics/overview`))),
        visible(insight, '.qz-insight-range .qz-chip', '近7天').click(),
      ]);
      const query7 = new URL(week.url()).searchParams;
      expect(query7.get('to')).toBe(query30.get('to'));
      const days = (q: URLSearchParams) => (Date.parse(q.get('to')!) - Date.parse(q.get('from')!)) / 86_400_000 + 1;
      expect([days(query30), days(query7)]).toEqual([30, 7]);
      await expectText(visible(insight, '.qz-insight-range__text'), `${query7.get('from')} 至 ${query7.get('to')}`);
      await expectEventually(async () => (await totals()).slice(1, 3).join(' | '), /^路演海报 ?3 \| 公众号 ?2/);
      await screenshot(page, 'insight-overview-7d');

      // 自定义 keeps the current range and offers it as two date pickers to change.
      await visible(insight, '.qz-insight-range .qz-chip', '自定义').click();
      await expectText(visible(insight, '.qz-insight-range-from'), query7.get('from')!);
      await expectText(visible(insight, '.qz-insight-range-to'), query7.get('to')!);

      // ── 渠道效果: one card per link with clicks and joins.
      await visible(insight, '.qz-insight-go-channels').click();
      const channels = taroPage(page, '/packages/admin/insight-channels/index');
      await expectText(
        visible(channels, '.qz-insight-channel[data-channel="路演海报"] .qz-insight-figures'),
        /^3点击3加入100%/,
      );
      await expectText(
        visible(channels, '.qz-insight-channel[data-channel="公众号"] .qz-insight-figures'),
        /^2点击2加入100%/,
      );
      await screenshot(page, 'insight-channels');

      // ── 留存分析: this week's cohort (the 5 who joined; the creator is no join) with its week-0 share, shaded; then only 公众号's two.
      const retention = await ownerApi.analyticsRetention(circle.id, {
        from: query30.get('from')!,
        to: query30.get('to')!,
      });
      const cohort = retention.cohorts[retention.cohorts.length - 1];
      expect(cohort.size).toBe(5);
      await page.goto(`${stack.baseUrl}/packages/admin/insight-retention/index?id=${circle.id}`);
      const cohorts = taroPage(page, '/packages/admin/insight-retention/index');
      const lastRow = () => visible(cohorts, '.qz-insight-cohorts .qz-insight-table__row:last-child');
      await expectText(
        lastRow(),
        new RegExp(`^${cohort.week.slice(5)}\\s*5\\s*${Math.round(cohort.retained[0] * 100)}%`),
      );
      await visible(cohorts, '.qz-insight-channel-filter .qz-chip', '公众号').click();
      await expectText(lastRow(), new RegExp(`^${cohort.week.slice(5)}\\s*2\\s*\\d+%`));
      await screenshot(page, 'insight-retention');

      // ── 成员分层: every member counted once across the segments, as the API says.
      const segments = await ownerApi.analyticsSegments(circle.id);
      expect(segments.items.reduce((sum, i) => sum + i.count, 0)).toBe(6);
      await page.goto(`${stack.baseUrl}/packages/admin/insight-segments/index?id=${circle.id}`);
      const seg = taroPage(page, '/packages/admin/insight-segments/index');
      for (const i of segments.items) {
        await expectText(
          visible(seg, `.qz-insight-hbar[data-segment="${i.segment}"] .qz-insight-segment-count`),
          `${i.count} 人`,
        );
      }
      await screenshot(page, 'insight-segments');

      // ── 报名漏斗 from the attendee list: 2 signed up and confirmed, none checked in; views are the
      // three members' plus the owner's own (the attendee list reads the event), as the API counts them.
      await page.goto(`${stack.baseUrl}/packages/events/attendees/index?id=${event.id}`);
      await visible(taroPage(page, '/packages/events/attendees/index'), '.qz-go-funnel').click();
      const funnel = taroPage(page, '/packages/events/funnel/index');
      await visible(funnel, '.qz-funnel-viewed').waitFor();
      const counts = await ownerApi.eventFunnel(event.id);
      expect(counts).toMatchObject({ signedUp: 2, confirmed: 2, checkedIn: 0 });
      expect(counts.viewed).toBeGreaterThanOrEqual(3);
      const rate = `${Math.round((2 / counts.viewed) * 100)}%`;
      await expectText(visible(funnel, '.qz-funnel-viewed'), new RegExp(`^浏览\\s*${counts.viewed} 人$`));
      await expectText(visible(funnel, '.qz-funnel-signedUp'), new RegExp(`^报名\\s*2 人\\s*${rate}$`));
      await expectText(visible(funnel, '.qz-funnel-confirmed'), /^报名成功\s*2 人\s*100%$/);
      // A free event: no 已付款 step; check-ins follow 报名成功.
      await expectText(visible(funnel, '.qz-funnel-checkedIn'), /^签到\s*0 人\s*0%$/);
      expect(await funnel.locator('.qz-funnel-paid').count()).toBe(0);
      await screenshot(page, 'insight-event-funnel');

      // ── The first member's detail: score, segment and the explanation the API gives.
      const expected = await ownerApi.memberEngagement(circle.id, joiners[0].userId);
      await page.goto(`${stack.baseUrl}/packages/admin/member/index?id=${circle.id}&userId=${joiners[0].userId}`);
      const member = taroPage(page, '/packages/admin/member/index');
      await expectText(visible(member, '.qz-engagement-score'), String(expected.score));
      await expectText(visible(member, '.qz-engagement-segment'), expected.segment);
      await expectText(visible(member, '.qz-engagement-explanation'), expected.explanation);
      expect(expected.explanation).toMatch(/发帖1条/);
      await screenshot(page, 'insight-member-score');
    }, 180_000);
  },
);
