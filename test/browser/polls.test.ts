import type { PollView } from '@quanzi/contract';
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

const ANSWER = '/packages/polls/answer/index';
const RESULTS = '/packages/polls/results/index';
const BUILDER = '/packages/polls/builder/index';

describeWithBrowser(
  'H5 polls: an admin builds a survey, two members answer, the results add up and the tagged answer tags its member',
  (chromiumPath) => {
    const stack = useStack({ label: 'browser-polls' });
    const { openAs } = useBrowserPages(stack, chromiumPath, 'polls');

    test('survey with single, multiple and rating questions: two answers, right counts; the tagged answer shows in the member list', async () => {
      const run = Date.now() % 100_000;
      const names = { admin: `e2e-poll-admin-${run}`, b: `e2e-poll-b-${run}`, c: `e2e-poll-c-${run}` };
      // The circle and memberships are set up over the API; the survey itself goes through the UI.
      const owner = await stack.api.loginDev({ nickname: names.admin });
      const circleId = (await stack.as(owner.token).createCircle({ name: `问卷圈${run}`, joinPolicy: 'open' })).id;
      for (const n of [names.b, names.c])
        await stack.as((await stack.api.loginDev({ nickname: n })).token).joinCircle(circleId);
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
      await fillField(
        editors.nth(0).locator('.qz-poll-editor__option').nth(0),
        '.qz-poll-option-input',
        '想参加线下活动',
      );
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

      const created = await clickFor(
        a,
        visible(builder, '.qz-poll-publish'),
        'POST',
        new RegExp(`^/api/circles/${circleId}/polls$`),
      );
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
          ...(q.options.length
            ? {
                options: q.options.map((o, i) => ({
                  id: o.id,
                  label: o.label,
                  tagId: q.type === 'single' && i === 0 ? intent.id : null,
                })),
              }
            : {}),
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
      await visible(
        formB,
        `.qz-poll-question[data-question-id="${q1.id}"] .qz-poll-option[data-option-id="${q1.options[0].id}"]`,
      ).click();
      await visible(formB, '.qz-poll-submit').click();
      await visible(formB, `.qz-poll-question[data-question-id="${q3.id}"] .qz-poll-question-error`).waitFor();
      await visible(
        formB,
        `.qz-poll-question[data-question-id="${q2.id}"] .qz-poll-option[data-option-id="${q2.options[0].id}"]`,
      ).click();
      await visible(
        formB,
        `.qz-poll-question[data-question-id="${q2.id}"] .qz-poll-option[data-option-id="${q2.options[1].id}"]`,
      ).click();
      await visible(
        formB,
        `.qz-poll-question[data-question-id="${q3.id}"] .qz-poll-rating__item[data-value="5"]`,
      ).click();
      await clickFor(b, visible(formB, '.qz-poll-submit'), 'POST', new RegExp(`^/api/polls/${survey.id}/responses$`));
      await b.waitForURL(new RegExp(`${RESULTS}\\?id=${survey.id}`));
      await expectText(visible(taroPage(b, RESULTS), '.qz-poll-response-count'), '1');

      // ── Member C: straight to the survey.
      const c = await openAs('C', names.c);
      await c.goto(`${stack.baseUrl}${ANSWER}?id=${survey.id}`);
      const formC = taroPage(c, ANSWER);
      await visible(
        formC,
        `.qz-poll-question[data-question-id="${q1.id}"] .qz-poll-option[data-option-id="${q1.options[1].id}"]`,
      ).click();
      await visible(
        formC,
        `.qz-poll-question[data-question-id="${q2.id}"] .qz-poll-option[data-option-id="${q2.options[1].id}"]`,
      ).click();
      await visible(
        formC,
        `.qz-poll-question[data-question-id="${q3.id}"] .qz-poll-rating__item[data-value="3"]`,
      ).click();
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
      // The funnel counts B and C (each opened it, then answered), not the admin reading results.
      await expectText(visible(results, '.qz-poll-funnel-viewed'), '2');
      await expectText(visible(results, '.qz-poll-funnel-answered'), '2');
      const count = (qid: string, optionId: string) =>
        visible(
          results,
          `.qz-poll-result[data-question-id="${qid}"] .qz-poll-bar[data-option-id="${optionId}"] .qz-poll-bar__count`,
        );
      await expectText(count(q1.id, q1.options[0].id), '1 票 · 50%');
      await expectText(count(q1.id, q1.options[1].id), '1 票 · 50%');
      await expectText(count(q2.id, q2.options[0].id), '1 票 · 50%');
      await expectText(count(q2.id, q2.options[1].id), '2 票 · 100%');
      await expectText(count(q2.id, q2.options[2].id), '0 票 · 0%');
      await expectText(count(q3.id, '5'), '1 票 · 50%');
      await expectText(count(q3.id, '3'), '1 票 · 50%');
      await expectText(
        visible(results, `.qz-poll-result[data-question-id="${q3.id}"] .qz-poll-result__meta`),
        /平均 4 分/,
      );
      await visible(results, '.qz-poll-export').waitFor();
      await screenshot(a, 'polls-results');

      // ── The admin's member list: B (who chose the tagged answer) carries 意向线下 from the survey; C does not.
      await a.goto(`${stack.baseUrl}/packages/admin/members/index?id=${circleId}`);
      const row = (nickname: string) =>
        a.locator('.qz-member').filter({ visible: true }).filter({ hasText: nickname }).first();
      await row(names.c).waitFor();
      await expectText(row(names.b).locator('.qz-member-tag-name'), '意向线下');
      await expectText(row(names.b).locator('.qz-member-tag-source'), '问卷 · 周末活动调查');
      expect(await row(names.c).locator('.qz-member-tag-name').count()).toBe(0);
    });
  },
);
