import { useStack } from '../harness';
import {
  clickFor,
  describeWithBrowser,
  expectText,
  fillField,
  isApi,
  screenshot,
  useBrowserPages,
  visible,
} from '../harness/browser';

describeWithBrowser(
  'H5 invites: a channel link with a preset tag, from landing page to the tagged member list',
  (chromiumPath) => {
    const stack = useStack({ label: 'browser-invites' });
    const { openAs, openPage } = useBrowserPages(stack, chromiumPath, 'invites');

    test('admin makes a 线下沙龙 link with tag 沙龙来客; a new user opens it, logs in and joins; the tag filter shows them with the source', async () => {
      const run = Date.now() % 100_000;
      const ownerName = `e2e-invite-owner-${run}`;
      const guestName = `e2e-invite-guest-${run}`;
      const circleName = `沙龙圈${run}`;

      // The circle itself is set up over the API (dev login maps this nickname to the browser's account).
      const owner = await stack.api.loginDev({ nickname: ownerName });
      const circle = await stack
        .as(owner.token)
        .createCircle({ name: circleName, description: '每月一次线下沙龙', joinPolicy: 'invite' });

      // ── The admin logs in and creates the tag on 标签管理.
      const a = await openAs('admin', ownerName);
      await a.goto(`${stack.baseUrl}/packages/admin/dashboard/index?id=${circle.id}`);
      await visible(a, '.qz-admin-tags').click();
      await a.waitForURL(/\/packages\/admin\/tags\/index/);
      await visible(a, '.qz-tags-empty').waitFor();
      await fillField(a, '.qz-tag-form-name', '沙龙来客');
      await clickFor(a, visible(a, '.qz-tag-form-submit'), 'POST', new RegExp(`^/api/circles/${circle.id}/tags$`));
      await visible(a, '.qz-tag-name', '沙龙来客').waitFor();

      // ── 邀请链接: channel 线下沙龙 with the preset tag.
      await a.goto(`${stack.baseUrl}/packages/admin/dashboard/index?id=${circle.id}`);
      await visible(a, '.qz-admin-invites').click();
      await a.waitForURL(/\/packages\/admin\/invites\/index/);
      await visible(a, '.qz-invites-empty').waitFor();
      await fillField(a, '.qz-invite-form-channel', '线下沙龙');
      await visible(a, '.qz-invite-form-tags .qz-tag-option', '沙龙来客').click();
      const created = await clickFor(
        a,
        visible(a, '.qz-invite-form-submit'),
        'POST',
        new RegExp(`^/api/circles/${circle.id}/invites$`),
      );
      const invite = (await created.json()) as { code: string; tags: { name: string }[] };
      expect(invite.tags.map((t) => t.name)).toEqual(['沙龙来客']);
      const row = visible(a, '.qz-invite-row', invite.code);
      await row.waitFor();
      await expectText(row.locator('.qz-invite-channel'), '线下沙龙');
      await expectText(row.locator('.qz-invite-joins'), '加入 0');
      await screenshot(a, 'invites-admin-links');

      // ── A new user opens the landing URL (signed out), taps 加入圈子, logs in; the join carries the code.
      const b = await openPage('guest');
      await b.goto(`${stack.baseUrl}/packages/invites/landing/index?code=${invite.code}`);
      await expectText(visible(b, '.qz-landing-circle'), circleName);
      await expectText(visible(b, '.qz-landing-inviter'), `${ownerName} 邀请你加入`);
      await screenshot(b, 'invites-landing');
      await visible(b, '.qz-landing-join').click();
      await fillField(b, '.qz-login-nickname', guestName);
      const [joinRes] = await Promise.all([
        b.waitForResponse(isApi('POST', new RegExp(`^/api/circles/${circle.id}/join$`)), { timeout: 20_000 }),
        visible(b, '.qz-login-submit').click(),
      ]);
      expect(joinRes.status()).toBe(200);
      expect(JSON.parse(joinRes.request().postData() ?? '{}')).toEqual({ inviteCode: invite.code });
      await b.waitForURL(new RegExp(`/pages/circle/index\\?id=${circle.id}`));
      await visible(b, '.qz-circle-joined').waitFor();

      // ── The admin filters 成员管理 by 沙龙来客: the guest, with the tag's source.
      await a.goto(`${stack.baseUrl}/packages/admin/members/index?id=${circle.id}`);
      await visible(a, '.qz-member', ownerName).waitFor();
      await clickFor(
        a,
        visible(a, '.qz-member-tag-filter .qz-tag-option', '沙龙来客'),
        'GET',
        new RegExp(`^/api/circles/${circle.id}/members$`),
      );
      const member = visible(a, '.qz-member', guestName);
      await member.waitFor();
      expect(await a.locator('.qz-member:visible').count()).toBe(1);
      await expectText(member.locator('.qz-member-tag-name'), '沙龙来客');
      await expectText(member.locator('.qz-member-tag-source'), '邀请链接 · 线下沙龙');
      await screenshot(a, 'invites-member-list-filtered-by-tag');

      // The member detail says the same; the link's stats count the join.
      await member.locator('.qz-member-name').click();
      await a.waitForURL(/\/packages\/admin\/member\/index/);
      await expectText(visible(a, '.qz-member-detail-tag .qz-member-tag-source'), /^邀请链接 · 线下沙龙 · /);
      const stats = (await stack.as(owner.token).listInvites(circle.id)).items[0];
      expect(stats).toMatchObject({ code: invite.code, clicks: 1, joins: 1 });
    });
  },
);
