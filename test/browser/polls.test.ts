import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Locator, Page, Response } from 'playwright-core';
import type { PollView } from '@quanzi/contract';
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

async function expectText(target: Locator, text: string | RegExp): Promise<void> {
  await target.waitFor();
  await expectEventually(async () => (await target.innerText()).trim(), text);
}

async function expectEventually(read: () => Promise<string>, want: string | RegExp): Promise<void> {
  const deadline = Date.now() + 10_000;
  let last = '';
  while (Date.now() < deadline) {
    last = await read();
    if (typeof want === 'string' ? last === want : want.test(last)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`expected ${String(want)}, saw ${JSON.stringify(last)}`);
}

const ANSWER = '/packages/polls/answer/index';
const RESULTS = '/packages/polls/results/index';
const BUILDER = '/packages/polls/builder/index';

describeWithBrowser('H5 polls: an admin builds a survey, two members answer, the results add up and the tagged answer tags its member', (chromiumPath) => {
  const stack = useStack({ label: 'browser-polls' });
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
        const shot = await screenshot(page, `FAILED polls ${label}`);
        process.stderr.write(`\n── browser page log (${label}) ──\n${log.join('\n') || '(empty)'}\n── url: ${page.url()} · screenshot: ${shot ?? '(none)'} ──\n`);
      }
    }
    for (const { page } of pages.splice(0)) await page.context().close();
  });

  afterAll(async () => {
    await browser?.close();
  });

  test('survey with single, multiple and rating questions: two answers, right counts; the tagged answer shows in the member list', async () => {
    const run = Date.now() % 100_000;
    const names = { admin: `e2e-poll-admin-${run}`, b: `e2e-poll-b-${run}`, c: `e2e-poll-c-${run}` };
    // The circle and memberships are set up over the API; the survey itself goes through the UI.
    const owner = await stack.api.loginDev({ nickname: names.admin });
    const circleId = (await stack.as(owner.token).createCircle({ name: `问卷圈${run}`, joinPolicy: 'open' })).id;
    for (const n of [names.b, names.c]) await stack.as((await stack.api.loginDev({ nickname: n })).token).joinCircle(circleId);
    const intent = await stack.as(owner.token).createTag(circleId, { name: '意向线下' });

    // ── The admin: circle home → 投票问卷 → 发起 → builder.
    const a = await openAs('admin', names.admin);
    await a.goto(`${stack.baseUrl}/pages/circle/index?id=${circleId}`);
    await visible(a, '.qz-circle-polls').click();
    await a.waitForURL(/\/packages\/polls\/list\/index/);
    await visible(a, '.qz-polls-empty').waitFor();
    await visible(a, '.qz-poll-create').click();
    await a.waitForURL(/\/packages\/polls\/builder\/index/);
    const builder = taroPage(a, BUILDER);
    await fillField(builder, '.qz-poll-form-title', '周末活动调查');
    await visible(builder, '.qz-poll-kind .qz-chip[data-value="survey"]').click();

    const editors = builder.locator('.qz-poll-editor');
    // Q1 (single, present by default): two options.
    await fillField(editors.nth(0), '.qz-poll-question-title', '想参加线下活动吗？');
    await fillField(editors.nth(0).locator('.qz-poll-editor__option').nth(0), '.qz-poll-option-input', '想参加线下活动');
    await fillField(editors.nth(0).locator('.qz-poll-editor__option').nth(1), '.qz-poll-option-input', '暂时不了');
    // Q2 (multiple): three options, at most two.
    await visible(builder, '.qz-poll-add-multiple').click();
    await fillField(editors.nth(1), '.qz-poll-question-title', '哪些时间方便？');
    await visible(editors.nth(1), '.qz-poll-add-option').click();
    for (const [i, label] of ['周五晚', '周六', '周日'].entries()) {
      await fillField(editors.nth(1).locator('.qz-poll-editor__option').nth(i), '.qz-poll-option-input', label);
    }
    // Q3 (rating).
    await visible(builder, '.qz-poll-add-rating').click();
    await fillField(editors.nth(2), '.qz-poll-question-title', '给上次活动打分');

    const created = await clickFor(a, visible(builder, '.qz-poll-publish'), 'POST', new RegExp(`^/api/circles/${circleId}/polls$`));
    const survey = (await created.json()) as PollView;
    expect(survey.questions.map((q) => q.type)).toEqual(['single', 'multiple', 'rating']);
    expect(survey.questions[1].options.map((o) => o.label)).toEqual(['周五晚', '周六', '周日']);
    await a.waitForURL(new RegExp(`${ANSWER}\\?id=${survey.id}`));
    // The answer 「想参加线下活动」 carries the tag 意向线下 (set over the API, keeping every id).
    const tagged = await stack.as(owner.token).updatePoll(survey.id, {
      questions: survey.questions.map((q) => ({
        id: q.id,
        type: q.type,
        title: q.title,
        required: q.required,
        ...(q.type === 'multiple' && q.maxChoices ? { maxChoices: q.maxChoices } : {}),
        ...(q.options.length ? { options: q.options.map((o, i) => ({ id: o.id, label: o.label, tagId: q.type === 'single' && i === 0 ? intent.id : null })) } : {}),
      })),
    });
    expect(tagged.questions[0].options[0].tagId).toBe(intent.id);
    const [q1, q2, q3] = survey.questions;

    // ── Member B: from the circle's list; a required question left blank is flagged, nothing is sent.
    const b = await openAs('B', names.b);
    await b.goto(`${stack.baseUrl}/packages/polls/list/index?id=${circleId}`);
    await visible(b, `.qz-poll-card[data-poll-id="${survey.id}"]`).click();
    await b.waitForURL(new RegExp(`${ANSWER}\\?id=${survey.id}`));
    const formB = taroPage(b, ANSWER);
    await visible(formB, `.qz-poll-question[data-question-id="${q1.id}"] .qz-poll-option[data-option-id="${q1.options[0].id}"]`).click();
    await visible(formB, '.qz-poll-submit').click();
    await visible(formB, `.qz-poll-question[data-question-id="${q3.id}"] .qz-poll-question-error`).waitFor();
    await visible(formB, `.qz-poll-question[data-question-id="${q2.id}"] .qz-poll-option[data-option-id="${q2.options[0].id}"]`).click();
    await visible(formB, `.qz-poll-question[data-question-id="${q2.id}"] .qz-poll-option[data-option-id="${q2.options[1].id}"]`).click();
    await visible(formB, `.qz-poll-question[data-question-id="${q3.id}"] .qz-poll-rating__item[data-value="5"]`).click();
    await clickFor(b, visible(formB, '.qz-poll-submit'), 'POST', new RegExp(`^/api/polls/${survey.id}/responses$`));
    await b.waitForURL(new RegExp(`${RESULTS}\\?id=${survey.id}`));
    await expectText(visible(taroPage(b, RESULTS), '.qz-poll-response-count'), '1');

    // ── Member C: straight to the survey.
    const c = await openAs('C', names.c);
    await c.goto(`${stack.baseUrl}${ANSWER}?id=${survey.id}`);
    const formC = taroPage(c, ANSWER);
    await visible(formC, `.qz-poll-question[data-question-id="${q1.id}"] .qz-poll-option[data-option-id="${q1.options[1].id}"]`).click();
    await visible(formC, `.qz-poll-question[data-question-id="${q2.id}"] .qz-poll-option[data-option-id="${q2.options[1].id}"]`).click();
    await visible(formC, `.qz-poll-question[data-question-id="${q3.id}"] .qz-poll-rating__item[data-value="3"]`).click();
    await clickFor(c, visible(formC, '.qz-poll-submit'), 'POST', new RegExp(`^/api/polls/${survey.id}/responses$`));
    await c.waitForURL(new RegExp(`${RESULTS}\\?id=${survey.id}`));
    // Coming back to the survey shows it answered, with no second submit.
    await c.goto(`${stack.baseUrl}${ANSWER}?id=${survey.id}`);
    await visible(taroPage(c, ANSWER), '.qz-poll-done').waitFor();
    expect(await taroPage(c, ANSWER).locator('.qz-poll-submit').count()).toBe(0);

    // ── The admin's results: counts and percentages per option, rating distribution and average.
    await a.goto(`${stack.baseUrl}${RESULTS}?id=${survey.id}`);
    const results = taroPage(a, RESULTS);
    await expectText(visible(results, '.qz-poll-response-count'), '2');
    const count = (qid: string, optionId: string) => visible(results, `.qz-poll-result[data-question-id="${qid}"] .qz-poll-bar[data-option-id="${optionId}"] .qz-poll-bar__count`);
    await expectText(count(q1.id, q1.options[0].id), '1 票 · 50%');
    await expectText(count(q1.id, q1.options[1].id), '1 票 · 50%');
    await expectText(count(q2.id, q2.options[0].id), '1 票 · 50%');
    await expectText(count(q2.id, q2.options[1].id), '2 票 · 100%');
    await expectText(count(q2.id, q2.options[2].id), '0 票 · 0%');
    await expectText(count(q3.id, '5'), '1 票 · 50%');
    await expectText(count(q3.id, '3'), '1 票 · 50%');
    await expectText(visible(results, `.qz-poll-result[data-question-id="${q3.id}"] .qz-poll-result__meta`), /平均 4 分/);
    await visible(results, '.qz-poll-export').waitFor();
    await screenshot(a, 'polls-results');

    // ── The admin's member list: B (who chose the tagged answer) carries 意向线下 from the survey; C does not.
    await a.goto(`${stack.baseUrl}/packages/admin/members/index?id=${circleId}`);
    const row = (nickname: string) => a.locator('.qz-member').filter({ visible: true }).filter({ hasText: nickname }).first();
    await row(names.c).waitFor();
    await expectText(row(names.b).locator('.qz-member-tag-name'), '意向线下');
    await expectText(row(names.b).locator('.qz-member-tag-source'), '问卷 · 周末活动调查');
    expect(await row(names.c).locator('.qz-member-tag-name').count()).toBe(0);
  });
});
