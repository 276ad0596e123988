import type { LoginResponse, PollQuestionInput, ResultsVisibility } from '@quanzi/contract';
import { startPollWorld, type PollWorld } from '../testing/poll-fixtures';

const SURVEY: PollQuestionInput[] = [
  {
    id: 'join',
    type: 'single',
    title: '想参加线下活动吗？',
    required: true,
    options: [
      { id: 'yes', label: '想参加线下活动' },
      { id: 'no', label: '暂时不了' },
    ],
  },
  {
    id: 'when',
    type: 'multiple',
    title: '哪些时间方便？',
    maxChoices: 3,
    options: [
      { id: 'fri', label: '周五晚' },
      { id: 'sat', label: '周六' },
      { id: 'sun', label: '周日' },
    ],
  },
  { id: 'idea', type: 'text', title: '还有什么建议？' },
  { id: 'score', type: 'rating', title: '给上次活动打分' },
];

describe('polls: anonymity, results and visibility, tags, text answers, export', () => {
  let w: PollWorld;
  beforeAll(async () => {
    w = await startPollWorld(7);
  });
  afterAll(() => w.t.close());

  const answer = (who: LoginResponse, pollId: string, join: string, when: string[], score: number, idea?: string) =>
    w.as(who).respondToPoll(pollId, {
      answers: [
        { questionId: 'join', optionIds: [join] },
        { questionId: 'when', optionIds: when },
        { questionId: 'score', rating: score },
        ...(idea ? [{ questionId: 'idea', text: idea }] : []),
      ],
    });

  it('stores an anonymous response with no user reference, no precise time and nothing shared with the participation row', async () => {
    const poll = await w.createPoll({ anonymous: true, questions: SURVEY, tagIds: [w.tags.survey] });
    const member = w.members[0];
    w.events.length = 0;
    const view = await answer(member, poll.id, 'yes', ['sat'], 5, '希望多办徒步');
    expect(view).toMatchObject({ responded: true, myResponse: null, responseCount: 1 });

    const raw = await w.responses.collection
      .find({ pollId: w.polls.castObject({ circleId: poll.id }).circleId })
      .toArray();
    expect(raw).toHaveLength(1);
    const doc = raw[0] as Record<string, unknown>;
    expect(Object.keys(doc).sort()).toEqual(['_id', 'answers', 'day', 'pollId']);
    expect(typeof doc._id).toBe('string');
    expect(doc.day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const text = JSON.stringify(doc);
    for (const leak of [member.user.id, member.user.nickname, 'openid-poller']) expect(text).not.toContain(leak);

    const participation = await w.participations.collection.find({ pollId: doc.pollId as never }).toArray();
    expect(participation).toHaveLength(1);
    const p = participation[0] as Record<string, unknown>;
    expect(Object.keys(p).sort()).toEqual(['_id', 'marker', 'pollId']);
    expect(JSON.stringify(p)).not.toContain(member.user.id);
    expect(String(p._id)).not.toBe(String(doc._id));
    expect(p.marker).not.toContain(String(doc._id));

    // The event says who took part (like the participation row), never what they answered.
    expect(w.events.map((e) => e.payload)).toEqual([
      { circleId: w.circleId, actorId: member.user.id, pollId: poll.id },
    ]);
    // Preset tags are still given (they are the same for everyone).
    expect(w.tagCalls.at(-1)).toMatchObject({
      userId: member.user.id,
      tagIds: [w.tags.survey],
      source: { kind: 'poll', refId: poll.id },
    });

    await answer(w.members[1], poll.id, 'no', ['fri', 'sun'], 3, '=HYPERLINK("x")');
    const csv = await w.as(w.admin).exportPoll(poll.id);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).trim().split('\r\n');
    expect(lines[0]).toBe('日期,1. 想参加线下活动吗？,2. 哪些时间方便？,3. 还有什么建议？,4. 给上次活动打分');
    expect(lines).toHaveLength(3);
    for (const m of [w.members[0], w.members[1]]) expect(csv).not.toContain(m.user.nickname);
    expect(csv).toContain('希望多办徒步');
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);

    const texts = await w.as(w.admin).pollTextAnswers(poll.id, { questionId: 'idea' });
    expect(texts.items.map((i) => i.author)).toEqual([null, null]);
    const byTag = await w.t.request('GET', `/api/polls/${poll.id}/results?byTag=${w.tags.survey}`, {
      token: w.admin.token,
    });
    expect(byTag).toMatchObject({ status: 400, body: { details: [{ field: 'byTag' }] } });
  });

  it('counts options with percentages, averages ratings, pages text answers for admins and exports names on named polls', async () => {
    const poll = await w.createPoll({ questions: SURVEY });
    const [a, b, c, d] = w.members;
    await answer(a, poll.id, 'yes', ['fri', 'sat'], 5, '第一条建议');
    await answer(b, poll.id, 'yes', ['sat'], 4, '第二条建议');
    await answer(c, poll.id, 'no', ['sat', 'sun'], 4, '第三条建议');
    await w.as(d).respondToPoll(poll.id, { answers: [{ questionId: 'join', optionIds: ['no'] }] });

    const results = await w.as(a).pollResults(poll.id);
    expect(results.responseCount).toBe(4);
    const [join, when, idea, score] = results.questions;
    expect(join).toEqual({
      questionId: 'join',
      type: 'single',
      answered: 4,
      options: [
        { optionId: 'yes', count: 2, percent: 50 },
        { optionId: 'no', count: 2, percent: 50 },
      ],
      rating: null,
    });
    expect(when.options).toEqual([
      { optionId: 'fri', count: 1, percent: 33.3 },
      { optionId: 'sat', count: 3, percent: 100 },
      { optionId: 'sun', count: 1, percent: 33.3 },
    ]);
    expect(idea).toMatchObject({ answered: 3, options: [] });
    expect(score.rating).toEqual({
      average: 4.33,
      distribution: [1, 2, 3, 4, 5].map((value) => ({ value, count: value === 4 ? 2 : value === 5 ? 1 : 0 })),
    });

    // Members see their own answers, never others' text.
    expect((await w.as(a).getPoll(poll.id)).myResponse?.answers[2]).toEqual({ questionId: 'idea', text: '第一条建议' });
    expect(
      (await w.t.request('GET', `/api/polls/${poll.id}/text-answers?questionId=idea`, { token: a.token })).status,
    ).toBe(403);

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await w.as(w.admin).pollTextAnswers(poll.id, { questionId: 'idea', limit: 2, cursor });
      for (const item of page.items) expect(item.author?.nickname).toBeTruthy();
      seen.push(...page.items.map((i) => i.text));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen.sort()).toEqual(['第一条建议', '第三条建议', '第二条建议'].sort());
    expect(
      (await w.t.request('GET', `/api/polls/${poll.id}/text-answers?questionId=join`, { token: w.admin.token })).status,
    ).toBe(400);

    const csv = await w.as(w.owner).exportPoll(poll.id);
    const lines = csv.slice(1).trim().split('\r\n');
    expect(lines[0].startsWith('昵称,日期,')).toBe(true);
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual([a, b, c, d].map((m) => m.user.nickname));
    expect(lines[1].split(',').slice(2)).toEqual(['想参加线下活动', '周五晚；周六', '第一条建议', '5']);

    // A signed link downloads without a token, for its admin only while they are admin.
    const link = await w.as(w.admin).pollExportLink(poll.id);
    expect(link.url).toMatch(/^http:\/\/.+\/api\/polls\/[0-9a-f]{24}\/responses\.csv\?uid=/);
    const viaLink = await w.t.request('GET', link.path);
    expect(viaLink.status).toBe(200);
    expect(viaLink.body).toBe(csv);
    expect((await w.t.request('GET', link.path.replace(/sig=./, 'sig=A'))).status).toBe(403);
    expect((await w.t.request('GET', link.path.replace(/exp=\d+/, 'exp=99999999999'))).status).toBe(403);
    expect((await w.t.request('POST', `/api/polls/${poll.id}/export-link`, { token: a.token, body: {} })).status).toBe(
      403,
    );
    expect((await w.t.request('GET', `/api/polls/${poll.id}/responses.csv`, { token: a.token })).status).toBe(403);
    await w.as(w.owner).updateMemberRole(w.circleId, w.admin.user.id, { role: 'member' });
    expect((await w.t.request('GET', link.path)).status).toBe(403);
    await w.as(w.owner).updateMemberRole(w.circleId, w.admin.user.id, { role: 'admin' });
  });

  it('gives a single-choice option’s tag (and preset tags) to the member who picked it, in the response transaction', async () => {
    const poll = await w.createPoll({
      kind: 'poll',
      tagIds: [w.tags.survey],
      questions: [
        {
          type: 'single',
          title: '想参加线下活动吗？',
          required: true,
          options: [
            { id: 'yes', label: '想参加线下活动', tagId: w.tags.offline },
            { id: 'no', label: '暂时不了' },
          ],
        },
      ],
    });
    const qid = poll.questions[0].id;
    w.tagCalls.length = 0;
    await w.as(w.members[0]).respondToPoll(poll.id, { answers: [{ questionId: qid, optionIds: ['yes'] }] });
    await w.as(w.members[1]).respondToPoll(poll.id, { answers: [{ questionId: qid, optionIds: ['no'] }] });
    expect(w.tagCalls).toEqual([
      {
        circleId: w.circleId,
        userId: w.members[0].user.id,
        tagIds: [w.tags.survey, w.tags.offline],
        source: { kind: 'poll', refId: poll.id, label: poll.title },
        inTransaction: true,
      },
      {
        circleId: w.circleId,
        userId: w.members[1].user.id,
        tagIds: [w.tags.survey],
        source: { kind: 'poll', refId: poll.id, label: poll.title },
        inTransaction: true,
      },
    ]);
    // A refused response grants nothing.
    await w.t.request('POST', `/api/polls/${poll.id}/responses`, {
      token: w.members[0].token,
      body: { answers: [{ questionId: qid, optionIds: ['yes'] }] },
    });
    expect(w.tagCalls).toHaveLength(2);
  });

  it('breaks results down by tag for admins only, withholding groups smaller than five', async () => {
    const poll = await w.createPoll({
      kind: 'poll',
      questions: [
        {
          id: 'q',
          type: 'single',
          title: '想参加线下活动吗？',
          required: true,
          options: [
            { id: 'yes', label: '想', tagId: w.tags.offline },
            { id: 'no', label: '不想' },
          ],
        },
      ],
    });
    const small = await w.createPoll({
      kind: 'poll',
      questions: [{ id: 'r', type: 'rating', title: '打分', required: true }],
    });
    for (const [i, m] of w.members.entries()) {
      await w.as(m).respondToPoll(poll.id, { answers: [{ questionId: 'q', optionIds: [i < 5 ? 'yes' : 'no'] }] });
      if (i < 6) await w.as(m).respondToPoll(small.id, { answers: [{ questionId: 'r', rating: 4 }] });
    }
    // members[0..4] picked the tagged option, so exactly five hold it.
    const shown = await w.as(w.admin).pollResults(poll.id, { byTag: w.tags.offline });
    expect(shown.breakdown).toEqual({
      tagId: w.tags.offline,
      suppressed: false,
      responseCount: 5,
      questions: [
        {
          questionId: 'q',
          type: 'single',
          answered: 5,
          options: [
            { optionId: 'yes', count: 5, percent: 100 },
            { optionId: 'no', count: 0, percent: 0 },
          ],
          rating: null,
        },
      ],
    });
    const tagHolders = new Set(w.tagCalls.filter((c) => c.tagIds.includes(w.tags.survey)).map((c) => c.userId));
    expect(tagHolders.size).toBeLessThan(5);
    const withheld = await w.as(w.admin).pollResults(small.id, { byTag: w.tags.survey });
    expect(withheld.breakdown).toEqual({ tagId: w.tags.survey, suppressed: true, responseCount: null, questions: [] });
    expect(
      (await w.t.request('GET', `/api/polls/${poll.id}/results?byTag=${w.tags.offline}`, { token: w.members[0].token }))
        .status,
    ).toBe(403);
    expect(
      (await w.t.request('GET', `/api/polls/${poll.id}/results?byTag=${'a'.repeat(24)}`, { token: w.admin.token }))
        .status,
    ).toBe(400);
  });

  it.each<[ResultsVisibility, boolean, boolean, boolean]>([
    // setting, before voting, after voting, after close (for a member who voted and one who did not)
    ['always', true, true, true],
    ['after_vote', false, true, true],
    ['after_close', false, false, true],
    ['admins', false, false, false],
  ])('shows results per %s (admins always)', async (resultsVisibility, before, afterVote, afterClose) => {
    const poll = await w.createPoll({
      kind: 'poll',
      resultsVisibility,
      questions: [{ id: 'r', type: 'rating', title: '打分', required: true }],
    });
    const [voter, bystander] = [w.members[5], w.members[6]];
    const status = async (who: LoginResponse) =>
      (await w.t.request('GET', `/api/polls/${poll.id}/results`, { token: who.token })).status;
    const allowed = (ok: boolean) => (ok ? 200 : 403);
    expect(await status(voter)).toBe(allowed(before));
    expect((await w.as(voter).getPoll(poll.id)).canSeeResults).toBe(before);
    expect(await status(w.admin)).toBe(200);
    await w.as(voter).respondToPoll(poll.id, { answers: [{ questionId: 'r', rating: 2 }] });
    expect(await status(voter)).toBe(allowed(afterVote));
    expect(await status(bystander)).toBe(allowed(before));
    expect(await status(w.admin)).toBe(200);
    await w.as(w.admin).closePoll(poll.id);
    expect(await status(voter)).toBe(allowed(afterClose));
    expect(await status(bystander)).toBe(allowed(afterClose));
    expect((await w.as(bystander).getPoll(poll.id)).canSeeResults).toBe(afterClose);
    expect((await w.as(w.owner).pollResults(poll.id)).responseCount).toBe(1);
  });
});
