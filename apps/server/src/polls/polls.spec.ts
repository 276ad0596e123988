import type { PollQuestionInput } from '@quanzi/contract';
import { trusted } from 'mongoose';
import { startPollWorld, type PollWorld } from '../testing/poll-fixtures';

/** single (with options a/b/c), multiple (max 2 of 4), text, rating — all but text required. */
const SURVEY: PollQuestionInput[] = [
  {
    id: 'q1',
    type: 'single',
    title: '你最喜欢哪种活动？',
    required: true,
    options: [
      { id: 'a', label: '徒步' },
      { id: 'b', label: '咖啡' },
      { id: 'c', label: '读书' },
    ],
  },
  {
    id: 'q2',
    type: 'multiple',
    title: '哪些时间方便？',
    required: true,
    maxChoices: 2,
    options: [{ label: '周五晚' }, { label: '周六' }, { label: '周日' }, { label: '工作日' }],
  },
  { id: 'q3', type: 'text', title: '还有什么建议？' },
  { id: 'q4', type: 'rating', title: '给上次活动打分', required: true },
];

describe('polls: definitions, answer validation, once per member, closing, permissions', () => {
  let w: PollWorld;
  beforeAll(async () => {
    w = await startPollWorld(3);
  });
  afterAll(() => w.t.close());

  const post = (token: string | undefined, url: string, body: unknown) => w.t.request('POST', url, { token, body });

  it('creates a survey, keeping sent ids and assigning short ids to the rest; edits keep them', async () => {
    const poll = await w.createPoll({
      questions: SURVEY,
      closesAt: '2099-01-01T00:00:00.000Z',
      tagIds: [w.tags.survey],
    });
    expect(poll.questions.map((q) => q.id)).toEqual(['q1', 'q2', 'q3', 'q4']);
    expect(poll.questions[0].options.map((o) => o.id)).toEqual(['a', 'b', 'c']);
    const assigned = poll.questions[1].options.map((o) => o.id);
    expect(assigned.every((id) => /^[A-Za-z0-9_-]{8}$/.test(id))).toBe(true);
    expect(new Set(assigned).size).toBe(4);
    expect(poll).toMatchObject({
      kind: 'survey',
      anonymous: false,
      closed: false,
      responded: false,
      myResponse: null,
      responseCount: 0,
      tagIds: [w.tags.survey],
    });
    expect(poll.questions[1].maxChoices).toBe(2);

    const questions = poll.questions.map((q) => ({
      ...q,
      maxChoices: q.maxChoices ?? undefined,
      options: q.options.map((o) => ({ id: o.id, label: o.label })),
    }));
    questions[1].options.push({ label: '节假日' } as never);
    const edited = await w.as(w.admin).updatePoll(poll.id, { questions, title: '周末活动调查（修订）' });
    expect(edited.questions[1].options.slice(0, 4).map((o) => o.id)).toEqual(assigned);
    expect(edited.questions[1].options).toHaveLength(5);
    expect(edited.title).toBe('周末活动调查（修订）');
  });

  it('refuses bad definitions with field details: poll with two questions, options on text, option tag on an anonymous poll, unknown tag', async () => {
    const before = await w.polls.countDocuments();
    const url = `/api/circles/${w.circleId}/polls`;
    const base = { title: '投票', resultsVisibility: 'always' };
    const fields = async (body: object) => {
      const res = await post(w.admin.token, url, { ...base, ...body });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      return res.body.details.map((d: { field: string }) => d.field);
    };
    expect(await fields({ kind: 'poll', questions: SURVEY })).toContain('questions');
    expect(
      await fields({ kind: 'survey', questions: [{ type: 'text', title: '说说', options: [{ label: 'x' }] }] }),
    ).toEqual(['questions[0].options']);
    expect(
      await fields({ kind: 'survey', questions: [{ type: 'single', title: '只有一项', options: [{ label: 'x' }] }] }),
    ).toEqual(['questions[0].options']);
    expect(
      await fields({
        kind: 'survey',
        questions: [{ type: 'multiple', title: '多选', maxChoices: 3, options: [{ label: 'x' }, { label: 'y' }] }],
      }),
    ).toEqual(['questions[0].maxChoices']);
    const tagged = [
      {
        type: 'single',
        title: '想参加线下活动吗？',
        options: [{ label: '想参加线下活动', tagId: w.tags.offline }, { label: '不了' }],
      },
    ];
    const anon = await post(w.admin.token, url, { ...base, kind: 'poll', anonymous: true, questions: tagged });
    expect(anon.status).toBe(400);
    expect(anon.body.details).toEqual([
      { field: 'questions[0].options[0].tagId', message: expect.stringContaining('匿名') },
    ]);
    expect(
      await fields({
        kind: 'survey',
        questions: [
          { type: 'multiple', title: '多选', options: [{ label: 'x', tagId: w.tags.offline }, { label: 'y' }] },
        ],
      }),
    ).toEqual(['questions[0].options[0].tagId']);
    expect(await fields({ kind: 'poll', tagIds: ['aaaaaaaaaaaaaaaaaaaaaaaa'], questions: tagged })).toEqual(['tagIds']);
    expect(await fields({ kind: 'quiz', questions: [] })).toEqual(expect.arrayContaining(['kind', 'questions']));
    const missing = await post(w.admin.token, url, { kind: 'survey' });
    expect(missing.status).toBe(400);
    expect([...new Set(missing.body.details.map((d: { field: string }) => d.field))].sort()).toEqual([
      'questions',
      'resultsVisibility',
      'title',
    ]);
    expect(await fields({ kind: 'survey', questions: [{ type: 'rating', title: '' }] })).toContain('questions.0.title');
    // Preset tags on an anonymous poll are fine: every respondent gets the same ones.
    expect(
      (
        await w.createPoll({
          kind: 'poll',
          anonymous: true,
          tagIds: [w.tags.survey],
          questions: [{ type: 'rating', title: '打分' }],
        })
      ).anonymous,
    ).toBe(true);
    expect(await w.polls.countDocuments()).toBe(before + 1);
  });

  it('checks answers against the questions, naming the field of each problem, and stores nothing', async () => {
    const poll = await w.createPoll({ questions: SURVEY });
    const q2 = poll.questions[1].options.map((o) => o.id);
    const good = [
      { questionId: 'q1', optionIds: ['a'] },
      { questionId: 'q2', optionIds: [q2[0]] },
      { questionId: 'q4', rating: 4 },
    ];
    const url = `/api/polls/${poll.id}/responses`;
    const problems = async (answers: object[]) => {
      const res = await post(w.members[0].token, url, { answers });
      expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      return res.body.details.map((d: { field: string }) => d.field);
    };
    // Which problem is named how: poll-answers.spec.ts. Here: the route refuses with the details.
    expect(await problems([good[0], good[2]])).toEqual(['answers']);
    expect(await problems([good[0], good[1], { questionId: 'q4', rating: 3.5 }])).toEqual(['answers.2.rating']);
    expect(await w.responses.countDocuments({ pollId: poll.id })).toBe(0);
    expect(await w.participations.countDocuments({ pollId: poll.id })).toBe(0);
    // 1000 characters (emoji count once) are accepted, and stored in question order.
    const ok = await w
      .as(w.members[0])
      .respondToPoll(poll.id, { answers: [...good, { questionId: 'q3', text: '😀'.repeat(1000) }] });
    expect(ok.myResponse?.answers).toEqual([good[0], good[1], { questionId: 'q3', text: '😀'.repeat(1000) }, good[2]]);
  });

  it('takes one response per member even when the same member submits 20 times at once', async () => {
    const poll = await w.createPoll({
      kind: 'poll',
      questions: [
        {
          type: 'single',
          title: '去哪儿？',
          required: true,
          options: [
            { id: 'x', label: '西湖' },
            { id: 'y', label: '千岛湖' },
          ],
        },
      ],
    });
    const url = `/api/polls/${poll.id}/responses`;
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        post(w.members[1].token, url, { answers: [{ questionId: poll.questions[0].id, optionIds: ['x'] }] }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409).map((r) => r.body.code)).toEqual(Array(19).fill('ALREADY_DONE'));
    expect(await w.responses.countDocuments({ pollId: poll.id })).toBe(1);
    expect(await w.participations.countDocuments({ pollId: poll.id })).toBe(1);
    expect((await w.as(w.members[1]).getPoll(poll.id)).responseCount).toBe(1);
    const again = await post(w.members[1].token, url, {
      answers: [{ questionId: poll.questions[0].id, optionIds: ['y'] }],
    });
    expect(again).toMatchObject({ status: 409, body: { code: 'ALREADY_DONE' } });
    expect(w.events.filter((e) => e.payload.pollId === poll.id)).toHaveLength(1);
    // Others still answer; questions are locked once anyone has.
    await w
      .as(w.members[2])
      .respondToPoll(poll.id, { answers: [{ questionId: poll.questions[0].id, optionIds: ['y'] }] });
    expect((await w.as(w.admin).getPoll(poll.id)).responseCount).toBe(2);
    const edit = await w.t.request('PATCH', `/api/polls/${poll.id}`, {
      token: w.admin.token,
      body: { questions: [{ type: 'rating', title: '改题' }] },
    });
    expect(edit).toMatchObject({ status: 409, body: { code: 'CONFLICT' } });
  });

  it('refuses answers once closesAt has passed or an admin closed the poll (409 CLOSED)', async () => {
    const questions: PollQuestionInput[] = [{ id: 'r', type: 'rating', title: '打分', required: true }];
    const timed = await w.createPoll({
      kind: 'poll',
      questions,
      closesAt: new Date(Date.now() + 3600_000).toISOString(),
    });
    await w.as(w.members[0]).respondToPoll(timed.id, { answers: [{ questionId: 'r', rating: 5 }] });
    const past = await w.as(w.admin).updatePoll(timed.id, { closesAt: new Date(Date.now() - 1000).toISOString() });
    expect(past.closed).toBe(true);
    const late = await post(w.members[1].token, `/api/polls/${timed.id}/responses`, {
      answers: [{ questionId: 'r', rating: 3 }],
    });
    expect(late).toMatchObject({ status: 409, body: { code: 'CLOSED' } });

    const manual = await w.createPoll({ kind: 'poll', questions });
    expect((await post(w.members[0].token, `/api/polls/${manual.id}/close`, {})).status).toBe(403);
    const closed = await w.as(w.admin).closePoll(manual.id);
    expect(closed.closed).toBe(true);
    expect((await w.as(w.admin).closePoll(manual.id)).closed).toBe(true);
    expect(
      await post(w.members[1].token, `/api/polls/${manual.id}/responses`, {
        answers: [{ questionId: 'r', rating: 3 }],
      }),
    ).toMatchObject({
      status: 409,
      body: { code: 'CLOSED' },
    });
    expect(await w.responses.countDocuments({ pollId: trusted({ $in: [timed.id, manual.id] }) })).toBe(1);
    const open = await w.as(w.members[1]).listPolls(w.circleId, { status: 'open' });
    expect(open.items.map((p) => p.id)).not.toContain(manual.id);
    expect((await w.as(w.members[1]).listPolls(w.circleId, { status: 'closed' })).items.map((p) => p.id)).toEqual([
      manual.id,
      timed.id,
    ]);
  });

  it('lists a circle’s polls newest first in pages, with whether I answered', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await w.as(w.members[0]).listPolls(w.circleId, { limit: 2, cursor });
      seen.push(...page.items.map((p) => p.id));
      for (const p of page.items) expect(p.myResponse).toBeNull();
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const all = (await w.polls.find({}, { _id: 1 }).sort({ _id: -1 }).lean()).map((p) => String(p._id));
    expect(seen).toEqual(all);
    const first = await w.as(w.members[0]).listPolls(w.circleId, { limit: 100 });
    // members[0] answered the validation survey and the timed poll.
    expect(first.items.filter((p) => p.responded).length).toBe(2);
  });

  it('enforces roles: members cannot create, edit, close, export or read text answers; non-members get 403; no token 401', async () => {
    const poll = await w.createPoll({ questions: SURVEY });
    const m = w.members[0].token;
    expect(
      (
        await post(m, `/api/circles/${w.circleId}/polls`, {
          title: 'x',
          kind: 'poll',
          resultsVisibility: 'always',
          questions: [{ type: 'rating', title: 'r' }],
        })
      ).status,
    ).toBe(403);
    expect((await w.t.request('PATCH', `/api/polls/${poll.id}`, { token: m, body: { title: '改' } })).status).toBe(403);
    expect((await w.t.request('GET', `/api/polls/${poll.id}/responses.csv`, { token: m })).status).toBe(403);
    expect((await w.t.request('GET', `/api/polls/${poll.id}/text-answers?questionId=q3`, { token: m })).status).toBe(
      403,
    );
    const s = w.stranger.token;
    for (const [method, url] of [
      ['GET', `/api/circles/${w.circleId}/polls`],
      ['GET', `/api/polls/${poll.id}`],
      ['POST', `/api/polls/${poll.id}/responses`],
      ['GET', `/api/polls/${poll.id}/results`],
    ]) {
      const res = await w.t.request(method, url, {
        token: s,
        body: method === 'POST' ? { answers: [{ questionId: 'q4', rating: 3 }] } : undefined,
      });
      expect([url, res.status]).toEqual([url, 403]);
    }
    for (const [method, url] of [
      ['POST', `/api/circles/${w.circleId}/polls`],
      ['GET', `/api/circles/${w.circleId}/polls`],
      ['GET', `/api/polls/${poll.id}`],
      ['PATCH', `/api/polls/${poll.id}`],
      ['POST', `/api/polls/${poll.id}/close`],
      ['POST', `/api/polls/${poll.id}/responses`],
      ['GET', `/api/polls/${poll.id}/results`],
      ['GET', `/api/polls/${poll.id}/text-answers?questionId=q3`],
      ['GET', `/api/polls/${poll.id}/responses.csv`],
    ]) {
      const res = await w.t.request(method, url, { body: method === 'GET' ? undefined : {} });
      expect([method, url, res.status]).toEqual([method, url, 401]);
    }
    expect((await w.t.request('GET', '/api/polls/cccccccccccccccccccccccc', { token: m })).status).toBe(404);
  });
});
