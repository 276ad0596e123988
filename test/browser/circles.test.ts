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

describeWithBrowser('H5 circles: an approval circle from creation to a conversation', (chromiumPath) => {
  const stack = useStack({ label: 'browser-circles' });
  const { openAs } = useBrowserPages(stack, chromiumPath, 'circles');

  test('A creates an approval circle and posts; B asks to join, A approves; B comments and likes; A sees the comment', async () => {
    const run = Date.now() % 100_000;
    const circleName = `读书会${run}`;
    const postText = `本周共读《置身事内》，周六晚八点线上分享。#${run}`;
    const commentText = `报名！周六见 ${run}`;
    const ownerName = `e2e-circle-owner-${run}`;
    const memberName = `e2e-circle-member-${run}`;

    // ── A (two browser contexts = two people) creates an approval circle from 发现.
    const a = await openAs('A (owner)', ownerName);
    await visible(a, '.qz-create-circle').click();
    await a.waitForURL(/\/pages\/circle-create\/index/);
    await fillField(a, '.qz-circle-form-name', circleName);
    await fillField(a, '.qz-circle-form-description', '每周一本书，线上共读、线下分享。');
    await visible(a, '.qz-policy-approval').click();
    const created = await clickFor(a, visible(a, '.qz-circle-form-submit'), 'POST', /^\/api\/circles$/);
    const circleId = ((await created.json()) as { id: string }).id;
    await a.waitForURL(new RegExp(`/pages/circle/index\\?id=${circleId}`));
    await visible(a, '.qz-circle-title', circleName).waitFor();
    await visible(a, '.qz-circle-joined').waitFor();
    await visible(a, '.qz-feed-empty').waitFor();

    // A posts from the composer with a topic; the feed shows it without a manual refresh.
    await visible(a, '.qz-compose-open').click();
    await a.waitForURL(/\/pages\/compose\/index/);
    await fillField(a, '.qz-compose-text', postText);
    await fillField(a, '.qz-compose-topic', '共读');
    const posted = await clickFor(
      a,
      visible(a, '.qz-compose-submit'),
      'POST',
      new RegExp(`^/api/circles/${circleId}/posts$`),
    );
    const postId = ((await posted.json()) as { id: string }).id;
    await a.waitForURL(/\/pages\/circle\/index/);
    await visible(a, '.qz-post-text', postText).waitFor();

    // ── B finds the circle on 发现 and asks to join: the button says so, then waits for review.
    const b = await openAs('B (member)', memberName);
    const card = visible(b, '.qz-circle-card', circleName);
    await card.waitFor();
    const join = card.locator('.qz-join');
    await expectText(join, '申请加入');
    await clickFor(b, join, 'POST', new RegExp(`^/api/circles/${circleId}/join$`));
    await expectText(card.locator('.qz-join'), '审核中');

    // Opening the circle while pending shows the header but not the feed.
    await card.click();
    await b.waitForURL(/\/pages\/circle\/index/);
    await visible(b, '.qz-circle-pending').waitFor();
    await visible(b, '.qz-feed-locked').waitFor();
    expect(await b.locator('.qz-post-text:visible').count()).toBe(0);

    // ── A approves B from 管理 → 入圈审核.
    await visible(a, '.qz-circle-manage').click();
    await a.waitForURL(/\/packages\/admin\/dashboard\/index/);
    await visible(a, '.qz-admin-approvals').click();
    await a.waitForURL(/\/packages\/admin\/approvals\/index/);
    const request = visible(a, '.qz-member', memberName);
    await request.waitFor();
    await clickFor(
      a,
      request.locator('.qz-approve'),
      'POST',
      new RegExp(`^/api/circles/${circleId}/members/[0-9a-f]{24}/approve$`),
    );
    await visible(a, '.qz-approvals-empty').waitFor();

    // ── B comes back to the circle: a member now, with the feed and the right member count.
    await b.reload();
    await visible(b, '.qz-circle-joined').waitFor();
    await expectText(visible(b, '.qz-circle-member-count'), '2');
    const post = visible(b, '.qz-post', postText);
    await post.waitFor();
    await expectText(post.locator('.qz-post-topic'), '#共读');
    await screenshot(b, 'circle-home');

    // B opens the post. Refused text shows a clear message and nothing is added. Dev-login
    // accounts have no WeChat openid, so the server skips msg_sec_check for them; the 422 it
    // would send is answered here by the browser for this one request.
    await post.click();
    await b.waitForURL(new RegExp(`/pages/post/index\\?id=${postId}`));
    await visible(b, '.qz-comments-empty').waitFor();
    const commentsUrl = new RegExp(`/api/posts/${postId}/comments$`);
    await b.route(commentsUrl, (route) =>
      route.request().method() === 'POST'
        ? route.fulfill({
            status: 422,
            contentType: 'application/json',
            body: JSON.stringify({ code: 'CONTENT_REJECTED', message: 'content rejected' }),
          })
        : route.fallback(),
    );
    await fillField(b, '.qz-comment-input', '这里有违禁词');
    const [refused] = await Promise.all([
      b.waitForResponse(isApi('POST', new RegExp(`^/api/posts/${postId}/comments$`))),
      visible(b, '.qz-comment-submit').click(),
    ]);
    expect(refused.status()).toBe(422);
    await expectText(visible(b, '.qz-comment-error'), /^内容未通过安全检测/);
    await visible(b, '.qz-comments-empty').waitFor();
    await b.unroute(commentsUrl);

    // A real comment appears at once; the like toggles on with the count.
    await fillField(b, '.qz-comment-input', commentText);
    await clickFor(b, visible(b, '.qz-comment-submit'), 'POST', new RegExp(`^/api/posts/${postId}/comments$`));
    await visible(b, '.qz-comment-text', commentText).waitFor();
    await expectText(visible(b, '.qz-comment-count'), '1');
    const likeUrl = new RegExp(`^/api/posts/${postId}/like$`);
    await clickFor(b, visible(b, '.qz-like'), 'POST', likeUrl);
    await visible(b, '.qz-like.qz-like--on').waitFor();
    await expectText(visible(b, '.qz-like-count'), '1');
    // The toggle goes both ways (a bodiless DELETE), then back on for A to see.
    await clickFor(b, visible(b, '.qz-like'), 'DELETE', likeUrl);
    await expectText(visible(b, '.qz-like-count'), '0');
    expect(await b.locator('.qz-like.qz-like--on:visible').count()).toBe(0);
    await clickFor(b, visible(b, '.qz-like'), 'POST', likeUrl);
    await expectText(visible(b, '.qz-like-count'), '1');
    await screenshot(b, 'post-detail');

    // ── A sees B's comment and like on the post.
    await a.goto(`${stack.baseUrl}/pages/post/index?id=${postId}`);
    const comment = visible(a, '.qz-comment-top', commentText);
    await comment.waitFor();
    await expectText(comment.locator('.qz-comment-author'), memberName);
    await expectText(visible(a, '.qz-like-count'), '1');

    // The server agrees: one comment by B, one like, B an active member.
    const owner = await stack.api.loginDev({ nickname: ownerName });
    const asOwner = stack.as(owner.token);
    const serverPost = await asOwner.getPost(postId);
    expect(serverPost.likeCount).toBe(1);
    expect(serverPost.commentCount).toBe(1);
    const comments = await asOwner.listComments(postId);
    expect(comments.items.map((c) => c.text)).toEqual([commentText]);
    const circle = await asOwner.getCircle(circleId);
    expect(circle.memberCount).toBe(2);
  });
});
