import { useStack } from '../harness';
import {
  describeWithBrowser,
  expectText,
  expectEventually,
  fillField,
  isApi,
  screenshot,
  taroPage,
  useBrowserPages,
  visible,
} from '../harness/browser';

describeWithBrowser('H5 growth: from a shared event link to a ticket in one step', (chromiumPath) => {
  const stack = useStack({ label: 'browser-growth' });
  const { openAs, openPage } = useBrowserPages(stack, chromiumPath, 'growth');

  test('a member shares an event of an invite-only circle; a signed-out visitor opens it, logs in, signs up in one step and holds a ticket; the sharer is credited', async () => {
    const run = Date.now() % 100_000;
    const ownerName = `e2e-growth-owner-${run}`;
    const sharerName = `e2e-growth-sharer-${run}`;
    const visitorName = `e2e-growth-visitor-${run}`;
    const circleName = `手冲圈${run}`;
    const title = `周末手冲咖啡沙龙${run}`;

    // Set-up over the API: an invite-only circle, a member (the sharer) and a published event.
    const owner = await stack.api.loginDev({ nickname: ownerName });
    const ownerApi = stack.as(owner.token);
    const circle = await ownerApi.createCircle({ name: circleName, joinPolicy: 'invite' });
    const sharer = await stack.api.loginDev({ nickname: sharerName });
    const sharerApi = stack.as(sharer.token);
    await sharerApi.joinCircle(circle.id, { inviteCode: (await ownerApi.myInvite(circle.id)).code });
    const event = await ownerApi.createEvent(circle.id, {
      title,
      mode: 'offline',
      location: '静安寺咖啡馆',
      startAt: '2031-06-01T06:00:00.000Z',
      endAt: '2031-06-01T08:00:00.000Z',
      ticketTypes: [
        { name: '早鸟票', priceFen: 0, quota: 10 },
        { name: '标准票', priceFen: 3900, quota: 10 },
      ],
      status: 'published',
    });
    const code = (await sharerApi.myInvite(circle.id)).code;
    expect((await sharerApi.myInvite(circle.id)).joins).toBe(0);

    // ── The sharer opens 活动海报: the poster is drawn for the sharer's own code.
    const s = await openAs('sharer', sharerName);
    await s.goto(`${stack.baseUrl}/packages/events/detail/index?id=${event.id}`);
    await expectText(visible(s, '.qz-event-title'), title);
    const [poster] = await Promise.all([
      s.waitForResponse((r) => r.url().includes(`/api/events/${event.id}/poster.png?code=${code}`), {
        timeout: 30_000,
      }),
      visible(s, '.qz-go-event-poster').click(),
    ]);
    expect(poster.status()).toBe(200);
    expect(poster.headers()['content-type']).toBe('image/png');
    await visible(taroPage(s, '/packages/events/poster/index'), '.qz-event-poster-save').waitFor();
    await screenshot(s, 'growth-event-poster');

    // ── A signed-out visitor opens the shared link (what the share card / poster code opens).
    const v = await openPage('visitor');
    await v.goto(`${stack.baseUrl}/packages/events/detail/index?id=${event.id}&inviteCode=${code}`);
    await expectText(visible(v, '.qz-event-title'), title);
    await expectText(visible(v, '.qz-event-place'), /静安寺咖啡馆/);
    await expectText(visible(v, '.qz-public-event-circle'), circleName);
    await expectText(visible(v, '.qz-event-price-from'), '免费');
    await screenshot(v, 'growth-event-signed-out');

    // 登录后报名 → login; the page reopens signed in (not a member: the public page with the form).
    await visible(v, '.qz-public-signup').click();
    await fillField(v, '.qz-login-nickname', visitorName);
    await visible(v, '.qz-login-submit').click();
    await expectText(visible(v, '.qz-public-signup-hint'), `报名即加入「${circleName}」`);
    await screenshot(v, 'growth-event-signup-form');
    await visible(v, '.qz-signup-submit').click();
    const [signup] = await Promise.all([
      v.waitForResponse(isApi('POST', new RegExp(`^/api/events/${event.id}/registrations$`)), { timeout: 20_000 }),
      v.locator('.taro-modal__foot').filter({ visible: true }).first().getByText('报名', { exact: true }).click(),
    ]);
    expect(signup.status()).toBe(201);
    expect(JSON.parse(signup.request().postData() ?? '{}')).toMatchObject({ inviteCode: code });
    expect(((await signup.json()) as { status: string }).status).toBe('confirmed');

    // ── The visitor holds a ticket, and is now a member.
    await v.waitForURL(/\/packages\/events\/ticket\/index/);
    const ticket = taroPage(v, '/packages/events/ticket/index');
    await expectText(visible(ticket, '.qz-ticket-status'), '已报名');
    await expectText(visible(ticket, '.qz-ticket-event-title'), title);
    await screenshot(v, 'growth-ticket');

    // ── The sharer's invite count went up by one.
    expect((await sharerApi.myInvite(circle.id)).joins).toBe(1);
    const board = await sharerApi.referralLeaderboard(circle.id);
    expect(board.me.joins).toBe(1);
    const visitor = await stack.api.loginDev({ nickname: visitorName });
    expect((await stack.as(visitor.token).getCircle(circle.id)).myMembership?.status).toBe('active');
  }, 180_000);

  test("a member's shared post carries their code: a non-member who opens it joins through the sharer's invite page", async () => {
    const run = Date.now() % 100_000;
    const ownerName = `e2e-share-owner-${run}`;
    const sharerName = `e2e-share-sharer-${run}`;
    const friendName = `e2e-share-friend-${run}`;
    const owner = await stack.api.loginDev({ nickname: ownerName });
    const ownerApi = stack.as(owner.token);
    const circle = await ownerApi.createCircle({ name: `读书圈${run}`, joinPolicy: 'invite' });
    const sharer = await stack.api.loginDev({ nickname: sharerName });
    const sharerApi = stack.as(sharer.token);
    await sharerApi.joinCircle(circle.id, { inviteCode: (await ownerApi.myInvite(circle.id)).code });
    const post = await sharerApi.createPost(circle.id, { text: '这周读完了《额尔古纳河右岸》' });
    const code = (await sharerApi.myInvite(circle.id)).code;

    // The share card's link (utils/share.ts: the post with the sharer's code) opened by a signed-in non-member.
    const f = await openAs('friend', friendName);
    await f.goto(`${stack.baseUrl}/pages/post/index?id=${post.id}&inviteCode=${code}`);
    await expectText(visible(f, '.qz-join-to-view .qz-empty__title'), '加入圈子后可以查看这条动态');
    await visible(f, '.qz-join-to-view .qz-empty__action').click();
    await f.waitForURL(new RegExp(`/packages/invites/landing/index\\?code=${code}`));
    await expectText(visible(f, '.qz-landing-inviter'), `${sharerName} 邀请你加入`);
    await screenshot(f, 'growth-shared-post-landing');
    const [join] = await Promise.all([
      f.waitForResponse(isApi('POST', new RegExp(`^/api/circles/${circle.id}/join$`)), { timeout: 20_000 }),
      visible(f, '.qz-landing-join').click(),
    ]);
    expect(join.status()).toBe(200);
    expect(JSON.parse(join.request().postData() ?? '{}')).toEqual({ inviteCode: code });
    expect((await sharerApi.myInvite(circle.id)).joins).toBe(1);
  }, 120_000);

  test('发现 signed out finds public circles by name, not hidden ones; the owner hides a circle in settings; members search posts by a Chinese substring', async () => {
    const run = Date.now() % 100_000;
    const ownerName = `e2e-find-owner-${run}`;
    const owner = await stack.api.loginDev({ nickname: ownerName });
    const ownerApi = stack.as(owner.token);
    const shown = await ownerApi.createCircle({ name: `咖啡同好${run}`, joinPolicy: 'open' });
    await ownerApi.createCircle({ name: `咖啡内部${run}`, joinPolicy: 'open', visibility: 'hidden' });
    await ownerApi.createPost(shown.id, { text: '今天喝了耶加雪菲' });
    await ownerApi.createPost(shown.id, { text: '周末去爬山' });

    // ── Signed out: 发现 lists public circles under the login card; search by name.
    const v = await openPage('visitor');
    await v.goto(`${stack.baseUrl}/`);
    await visible(v, '.qz-login-nickname').waitFor();
    await fillField(v, '.qz-discover-search .qz-search__input', `咖啡`);
    await Promise.all([
      v.waitForResponse(isApi('GET', /^\/api\/circles$/), { timeout: 20_000 }),
      visible(v, '.qz-discover-search .qz-search-submit').click(),
    ]);
    await visible(v, '.qz-circle-card', `咖啡同好${run}`).waitFor();
    expect(await v.locator('.qz-circle-card:visible', { hasText: `咖啡内部${run}` }).count()).toBe(0);
    await screenshot(v, 'growth-discover-signed-out-search');

    // ── The owner hides the public circle in 圈子设置 (saved at once); it leaves 发现.
    const o = await openAs('owner', ownerName);
    await o.goto(`${stack.baseUrl}/packages/admin/settings/index?id=${shown.id}`);
    const settings = taroPage(o, '/packages/admin/settings/index');
    await expectText(visible(settings, '.qz-settings-visibility-hint'), /^公开/);
    const [patch] = await Promise.all([
      o.waitForResponse(isApi('PATCH', new RegExp(`^/api/circles/${shown.id}$`)), { timeout: 20_000 }),
      visible(settings, '.qz-settings-visibility .qz-chip', '隐藏').click(),
    ]);
    expect(patch.status()).toBe(200);
    await expectText(visible(settings, '.qz-settings-visibility-hint'), /^隐藏/);
    await screenshot(o, 'growth-owner-settings');
    expect((await stack.api.listCircles({ q: `咖啡同好${run}` })).items).toHaveLength(0);

    // ── A member searches the circle's posts: 雪菲 finds 「今天喝了耶加雪菲」 only.
    await o.goto(`${stack.baseUrl}/pages/circle/index?id=${shown.id}`);
    const home = taroPage(o, '/pages/circle/index');
    await visible(home, '.qz-post', '周末去爬山').waitFor();
    await fillField(home, '.qz-post-search .qz-search__input', '雪菲');
    await Promise.all([
      o.waitForResponse(isApi('GET', new RegExp(`^/api/circles/${shown.id}/posts$`)), { timeout: 20_000 }),
      visible(home, '.qz-post-search .qz-search-submit').click(),
    ]);
    await visible(home, '.qz-post', '今天喝了耶加雪菲').waitFor();
    await expectEventually(async () => String(await home.locator('.qz-post:visible').count()), '1');
    await screenshot(o, 'growth-post-search');
  }, 120_000);

  test('the author edits a post (已编辑), the admin sees the earlier version; members open the 成员名录 the owner enabled', async () => {
    const run = Date.now() % 100_000;
    const ownerName = `e2e-edit-owner-${run}`;
    const authorName = `e2e-edit-author-${run}`;
    const owner = await stack.api.loginDev({ nickname: ownerName });
    const ownerApi = stack.as(owner.token);
    const circle = await ownerApi.createCircle({ name: `跑步圈${run}`, joinPolicy: 'open' });
    await ownerApi.updateCircle(circle.id, { directoryEnabled: true });
    const author = await stack.api.loginDev({ nickname: authorName });
    await stack.as(author.token).joinCircle(circle.id);
    // A real upload (a 1×1 PNG), so the editor has an image to drop.
    const form = new FormData();
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    );
    form.append('file', new Blob([png], { type: 'image/png' }), 'dot.png');
    const uploaded = await fetch(`${stack.baseUrl}/api/uploads`, {
      method: 'POST',
      headers: { authorization: `Bearer ${author.token}` },
      body: form,
    });
    expect(uploaded.status).toBe(201);
    const { url } = (await uploaded.json()) as { url: string };
    const post = await stack.as(author.token).createPost(circle.id, { text: '周六早上八点集合', images: [url] });

    // ── The author opens the editor (the feed's ··· → 编辑 leads here) and fixes the time.
    const w = await openAs('author', authorName);
    await w.goto(`${stack.baseUrl}/pages/post/index?id=${post.id}&edit=1`);
    const page = taroPage(w, '/pages/post/index');
    await fillField(page, '.qz-post-edit-text', '周六早上七点半集合');
    // The editor starts with the post's image; the author drops it.
    await visible(page, '.qz-post-editor .qz-compose-image--done').waitFor();
    await page.locator('.qz-post-editor .qz-image-picker__remove').filter({ visible: true }).first().click();
    const [saved] = await Promise.all([
      w.waitForResponse(isApi('PATCH', new RegExp(`^/api/posts/${post.id}$`)), { timeout: 20_000 }),
      visible(page, '.qz-post-edit-save').click(),
    ]);
    expect(saved.status()).toBe(200);
    expect(JSON.parse(saved.request().postData() ?? '{}')).toEqual({ text: '周六早上七点半集合', images: [] });
    await expectText(visible(page, '.qz-post-text'), '周六早上七点半集合');
    await visible(page, '.qz-post-edited').waitFor();
    expect(await page.locator('.qz-post-history:visible').count()).toBe(0);

    // ── The owner (admin) sees 已编辑 and the earlier version.
    const o = await openAs('owner', ownerName);
    await o.goto(`${stack.baseUrl}/pages/post/index?id=${post.id}`);
    const adminView = taroPage(o, '/pages/post/index');
    await visible(adminView, '.qz-post-edited').waitFor();
    await expectText(visible(adminView, '.qz-post-history-text'), '周六早上八点集合');
    await screenshot(o, 'growth-post-edit-history');

    // ── 成员名录 from the circle page: both members, nicknames only.
    await w.goto(`${stack.baseUrl}/pages/circle/index?id=${circle.id}`);
    await visible(w, '.qz-circle-directory').click();
    await w.waitForURL(/\/packages\/members\/directory\/index/);
    const dir = taroPage(w, '/packages/members/directory/index');
    await visible(dir, '.qz-directory-name', ownerName).waitFor();
    await visible(dir, '.qz-directory-name', authorName).waitFor();
    await screenshot(w, 'growth-directory');
  }, 120_000);

  test("the admin previews a channel link's own code (渠道活码) and sees who brought whom on 邀请关系", async () => {
    const run = Date.now() % 100_000;
    const ownerName = `e2e-ref-owner-${run}`;
    const sharerName = `e2e-ref-sharer-${run}`;
    const friendName = `e2e-ref-friend-${run}`;
    const owner = await stack.api.loginDev({ nickname: ownerName });
    const ownerApi = stack.as(owner.token);
    const circle = await ownerApi.createCircle({ name: `摄影圈${run}`, joinPolicy: 'open' });
    const link = await ownerApi.createInvite(circle.id, { channel: '线下展览' });
    const sharer = await stack.api.loginDev({ nickname: sharerName });
    await stack.as(sharer.token).joinCircle(circle.id, { inviteCode: link.code });
    const friend = await stack.api.loginDev({ nickname: friendName });
    const personal = await stack.as(sharer.token).myInvite(circle.id);
    await stack.as(friend.token).joinCircle(circle.id, { inviteCode: personal.code });

    // ── 邀请链接: the channel's code, public image, previewed inline with the link's stats.
    const a = await openAs('owner', ownerName);
    await a.goto(`${stack.baseUrl}/packages/admin/invites/index?id=${circle.id}`);
    const row = visible(a, '.qz-invite-row', link.code);
    await expectText(row.locator('.qz-invite-joins'), '加入 1');
    const [code] = await Promise.all([
      a.waitForResponse((r) => r.url().includes(`/api/invites/${link.code}/code.png`), { timeout: 20_000 }),
      row.locator('.qz-invite-code-toggle').click(),
    ]);
    expect(code.status()).toBe(200);
    await row.locator('.qz-invite-code-save').waitFor();
    await screenshot(a, 'growth-channel-code');

    // ── 邀请关系 from the dashboard: the sharer leads the board; their tree holds the friend.
    await a.goto(`${stack.baseUrl}/packages/admin/dashboard/index?id=${circle.id}`);
    await visible(a, '.qz-admin-referrals').click();
    await a.waitForURL(/\/packages\/admin\/referrals\/index/);
    const page = taroPage(a, '/packages/admin/referrals/index');
    const leader = visible(page, '.qz-referral-row', sharerName);
    await expectText(leader.locator('.qz-referral-joins'), '1 人');
    await visible(page, '.qz-referral-tree .qz-referral-name', friendName).waitFor();
    await screenshot(a, 'growth-referrals');
  }, 120_000);

  test('in an approval circle the one-step signup waits: 等待审核, also after a reload; the owner sees the join request', async () => {
    const run = Date.now() % 100_000;
    const ownerName = `e2e-wait-owner-${run}`;
    const visitorName = `e2e-wait-visitor-${run}`;
    const owner = await stack.api.loginDev({ nickname: ownerName });
    const ownerApi = stack.as(owner.token);
    const circle = await ownerApi.createCircle({ name: `审核圈${run}`, joinPolicy: 'approval' });
    const event = await ownerApi.createEvent(circle.id, {
      title: `读书会${run}`,
      mode: 'offline',
      location: '图书馆三楼',
      startAt: '2031-06-01T06:00:00.000Z',
      endAt: '2031-06-01T08:00:00.000Z',
      ticketTypes: [{ name: '普通票', priceFen: 0, quota: 10 }],
      status: 'published',
    });

    const v = await openAs('visitor', visitorName);
    await v.goto(`${stack.baseUrl}/packages/events/detail/index?id=${event.id}`);
    await expectText(visible(v, '.qz-public-signup-hint'), /圈主审核通过后报名生效/);
    await visible(v, '.qz-signup-submit').click();
    const [signup] = await Promise.all([
      v.waitForResponse(isApi('POST', new RegExp(`^/api/events/${event.id}/registrations$`)), { timeout: 20_000 }),
      v.locator('.taro-modal__foot').filter({ visible: true }).first().getByText('报名', { exact: true }).click(),
    ]);
    expect(signup.status()).toBe(201);
    expect(await signup.json()).toMatchObject({ awaitingMembership: true });
    await expectText(visible(v, '.qz-signup-waiting'), /^等待审核/);
    await v.reload();
    await expectText(visible(v, '.qz-signup-waiting'), /^等待审核/);
    await screenshot(v, 'growth-signup-waiting');

    const visitor = await stack.api.loginDev({ nickname: visitorName });
    expect((await ownerApi.listMembers(circle.id, { status: 'pending' })).items.map((m) => m.userId)).toEqual([
      visitor.user.id,
    ]);
  }, 120_000);
});
