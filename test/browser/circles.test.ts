import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Locator, Page, Response } from 'playwright-core';
import { h5Dir, suiteStatus, useStack } from '../harness';
import { browserRequired, fillField, findChromium, launchChromium, newPhonePage, screenshot } from '../harness/browser';

const chromiumPath = findChromium();

if (!chromiumPath) {
  process.stderr.write(
    browserRequired
      ? '\n*** FAILED: browser scenarios required (REQUIRE_BROWSER=1) but no chromium found ***\n'
      : '\n*** SKIPPED: browser scenarios (no chromium found) ***\n',
  );
  if (browserRequired) {
    test('a browser is available (REQUIRE_BROWSER=1)', () => {
      throw new Error('REQUIRE_BROWSER=1 but no Chromium was found at /usr/bin/chromium (or CHROMIUM_PATH).');
    });
  }
}

const describeWithBrowser = chromiumPath ? describe : describe.skip;

/**
 * Taro's H5 router keeps earlier pages of the stack in the DOM (hidden), so every lookup is
 * limited to what the member can actually see.
 */
function visible(page: Page, selector: string, hasText?: string | RegExp): Locator {
  return page.locator(`${selector}:visible`, hasText === undefined ? undefined : { hasText }).first();
}

function isApi(method: string, pattern: RegExp): (r: Response) => boolean {
  return (r) => r.request().method() === method && pattern.test(new URL(r.url()).pathname);
}

/** Clicks and waits for the API answer the click causes; fails on a non-2xx answer. */
async function clickFor(page: Page, target: Locator, method: string, pattern: RegExp): Promise<Response> {
  const [res] = await Promise.all([page.waitForResponse(isApi(method, pattern)), target.click()]);
  if (!res.ok()) throw new Error(`${method} ${res.url()} answered ${res.status()}: ${await res.text()}`);
  return res;
}

describeWithBrowser('H5 circles: an approval circle from creation to a conversation', () => {
  const stack = useStack({ label: 'browser-circles' });
  let browser: Browser | undefined;
  const pages: { label: string; page: Page; log: string[] }[] = [];

  async function openAs(label: string): Promise<Page> {
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
    return page;
  }

  /** Dev login from the login panel a signed-out member sees on 发现. */
  async function login(page: Page, nickname: string): Promise<void> {
    await page.goto(stack.baseUrl + '/');
    await fillField(page, '.qz-login-nickname', nickname);
    await clickFor(page, visible(page, '.qz-login-submit'), 'POST', /^\/api\/auth\/dev$/);
  }

  beforeAll(async () => {
    if (!fs.existsSync(path.join(h5Dir, 'index.html'))) {
      throw new Error(`No H5 build at ${h5Dir}; run \`npm run build:h5 -w @quanzi/miniprogram\` first.`);
    }
    browser = await launchChromium(chromiumPath as string);
  }, 90_000);

  afterEach(async () => {
    if (suiteStatus.currentTestFailed()) {
      for (const { label, page, log } of pages) {
        const shot = await screenshot(page, `FAILED circles ${label}`);
        process.stderr.write(
          `\n── browser page log (${label}) ──\n${log.join('\n') || '(empty)'}\n── url: ${page.url()} · screenshot: ${shot ?? '(none)'} ──\n`,
        );
      }
    }
    for (const { page } of pages.splice(0)) await page.context().close();
  });

  afterAll(async () => {
    await browser?.close();
  });

  test('A creates an approval circle and posts; B asks to join, A approves; B comments and likes; A sees the comment', async () => {
    const run = Date.now() % 100_000;
    const circleName = `读书会${run}`;
    const postText = `本周共读《置身事内》，周六晚八点线上分享。#${run}`;
    const commentText = `报名！周六见 ${run}`;
    const ownerName = `e2e-circle-owner-${run}`;
    const memberName = `e2e-circle-member-${run}`;

    // ── A (two browser contexts = two people) creates an approval circle from 发现.
    const a = await openAs('A (owner)');
    await login(a, ownerName);
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
    const posted = await clickFor(a, visible(a, '.qz-compose-submit'), 'POST', new RegExp(`^/api/circles/${circleId}/posts$`));
    const postId = ((await posted.json()) as { id: string }).id;
    await a.waitForURL(/\/pages\/circle\/index/);
    await visible(a, '.qz-post-text', postText).waitFor();

    // ── B finds the circle on 发现 and asks to join: the button says so, then waits for review.
    const b = await openAs('B (member)');
    await login(b, memberName);
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
    await clickFor(a, request.locator('.qz-approve'), 'POST', new RegExp(`^/api/circles/${circleId}/members/[0-9a-f]{24}/approve$`));
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

/** Waits until the element's text matches (Playwright's expect is not available under jest). */
async function expectText(locator: Locator, expected: string | RegExp, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    last = ((await locator.textContent().catch(() => null)) ?? '').trim();
    if (typeof expected === 'string' ? last === expected : expected.test(last)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Expected text ${String(expected)}, last saw ${JSON.stringify(last)}`);
}
