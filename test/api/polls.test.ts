import { ApiRoutes, ErrorCode, type LoginResponse } from '@quanzi/contract';
import { expectApiError, sendRaw, useStack } from '../harness';

/**
 * Polls through the built server: an admin runs a survey, members answer once, results and the
 * CSV export follow the settings, an anonymous poll keeps no names, and answers through an invite
 * or a tagged option tag the member through the real tags module.
 */
describe('polls and surveys over HTTP', () => {
  const stack = useStack({ label: 'api-polls' });
  let owner: LoginResponse;
  let members: LoginResponse[];
  let stranger: LoginResponse;
  let circleId: string;

  beforeAll(async () => {
    owner = await stack.api.loginWechat({ code: 'code-openid-poll-owner' });
    members = [];
    for (const name of ['a', 'b', 'c'])
      members.push(await stack.api.loginWechat({ code: `code-openid-poll-member-${name}` }));
    stranger = await stack.api.loginWechat({ code: 'code-openid-poll-stranger' });
    circleId = (await stack.as(owner.token).createCircle({ name: '问卷圈', joinPolicy: 'open' })).id;
    for (const m of members) await stack.as(m.token).joinCircle(circleId);
  });

  test('a survey: members answer once, see results after voting, admins export names', async () => {
    const admin = stack.as(owner.token);
    const survey = await admin.createPoll(circleId, {
      title: '年会调查',
      kind: 'survey',
      resultsVisibility: 'after_vote',
      questions: [
        { type: 'single', title: '来不来？', required: true, options: [{ label: '来' }, { label: '不来' }] },
        {
          type: 'multiple',
          title: '想吃什么？',
          maxChoices: 2,
          options: [{ label: '火锅' }, { label: '烧烤' }, { label: '粤菜' }],
        },
        { type: 'rating', title: '去年打几分？', required: true },
      ],
    });
    const [q1, q2, q3] = survey.questions;
    const [come, stay] = q1.options.map((o) => o.id);

    const a = stack.as(members[0].token);
    await expectApiError(a.pollResults(survey.id), 403);
    const bad = await expectApiError(
      a.respondToPoll(survey.id, {
        answers: [
          { questionId: q1.id, optionIds: [come] },
          { questionId: q2.id, optionIds: q2.options.map((o) => o.id) },
        ],
      }),
      400,
    );
    expect(bad.details?.map((d) => d.field).sort()).toEqual(['answers', 'answers[1].optionIds']);

    const mine = await a.respondToPoll(survey.id, {
      answers: [
        { questionId: q1.id, optionIds: [come] },
        { questionId: q2.id, optionIds: [q2.options[0].id] },
        { questionId: q3.id, rating: 5 },
      ],
    });
    expect(mine).toMatchObject({ responded: true, canSeeResults: true, responseCount: 1 });
    expect(
      (
        await expectApiError(
          a.respondToPoll(survey.id, {
            answers: [
              { questionId: q1.id, optionIds: [stay] },
              { questionId: q3.id, rating: 1 },
            ],
          }),
          409,
        )
      ).code,
    ).toBe(ErrorCode.ALREADY_DONE);
    await stack.as(members[1].token).respondToPoll(survey.id, {
      answers: [
        { questionId: q1.id, optionIds: [stay] },
        { questionId: q3.id, rating: 2 },
      ],
    });

    const results = await a.pollResults(survey.id);
    expect(results.responseCount).toBe(2);
    expect(results.questions[0].options.map((o) => [o.count, o.percent])).toEqual([
      [1, 50],
      [1, 50],
    ]);
    expect(results.questions[2].rating?.average).toBe(3.5);

    await expectApiError(a.exportPoll(survey.id), 403);
    await expectApiError(stack.as(stranger.token).getPoll(survey.id), 403);
    const csv = await sendRaw(stack.baseUrl, 'GET', ApiRoutes.pollExport(survey.id), { token: owner.token });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const bytes = new Uint8Array(
      await (
        await fetch(`${stack.baseUrl}${ApiRoutes.pollExport(survey.id)}`, {
          headers: { authorization: `Bearer ${owner.token}` },
        })
      ).arrayBuffer(),
    );
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = String(csv.body);
    expect(text).toContain(members[0].user.nickname);
    expect(text).toContain(members[1].user.nickname);
  });

  test('an anonymous poll closes on time and its export names nobody', async () => {
    const admin = stack.as(owner.token);
    const poll = await admin.createPoll(circleId, {
      title: '匿名打分',
      kind: 'poll',
      anonymous: true,
      resultsVisibility: 'after_close',
      closesAt: new Date(Date.now() + 3_600_000).toISOString(),
      questions: [{ type: 'rating', title: '这个月的活动怎么样？', required: true }],
    });
    const qid = poll.questions[0].id;
    for (const [i, m] of members.slice(0, 2).entries()) {
      const view = await stack.as(m.token).respondToPoll(poll.id, { answers: [{ questionId: qid, rating: 4 + i }] });
      expect(view).toMatchObject({ responded: true, myResponse: null, canSeeResults: false });
    }
    await expectApiError(stack.as(members[0].token).pollResults(poll.id), 403);
    await admin.updatePoll(poll.id, { closesAt: new Date(Date.now() - 1000).toISOString() });
    const late = await expectApiError(
      stack.as(members[2].token).respondToPoll(poll.id, { answers: [{ questionId: qid, rating: 1 }] }),
      409,
    );
    expect(late.code).toBe(ErrorCode.CLOSED);
    expect((await stack.as(members[2].token).pollResults(poll.id)).questions[0].rating?.average).toBe(4.5);

    const csv = String(
      (await sendRaw(stack.baseUrl, 'GET', ApiRoutes.pollExport(poll.id), { token: owner.token })).body,
    );
    expect(csv.split('\r\n')[0]).toBe('日期,1. 这个月的活动怎么样？');
    for (const m of members) expect(csv).not.toContain(m.user.nickname);
    expect((await sendRaw(stack.baseUrl, 'GET', ApiRoutes.pollExport(poll.id))).status).toBe(401);
  });

  test('a tagged option and the invite answered through tag the member, with their sources', async () => {
    const admin = stack.as(owner.token);
    const keen = await admin.createTag(circleId, { name: '意向线下' });
    const fromGroup = await admin.createTag(circleId, { name: '社群来源' });
    const poll = await admin.createPoll(circleId, {
      title: '线下活动意向',
      kind: 'poll',
      resultsVisibility: 'always',
      questions: [
        {
          type: 'single',
          title: '想参加线下活动吗？',
          required: true,
          options: [{ label: '想参加', tagId: keen.id }, { label: '暂时不了' }],
        },
      ],
    });
    const invite = await admin.createInvite(circleId, {
      channel: '微信群',
      tagIds: [fromGroup.id],
      target: { type: 'poll', id: poll.id },
    });
    const [q] = poll.questions;
    const [keenMember, otherMember] = members;
    await stack.as(keenMember.token).respondToPoll(poll.id, {
      answers: [{ questionId: q.id, optionIds: [q.options[0].id] }],
      inviteCode: invite.code,
    });
    await stack
      .as(otherMember.token)
      .respondToPoll(poll.id, { answers: [{ questionId: q.id, optionIds: [q.options[1].id] }] });

    const tagsOf = async (userId: string) =>
      (
        (await admin.listMembers(circleId, { tagIds: `${keen.id},${fromGroup.id}`, tagMode: 'any' })).items.find(
          (m) => m.userId === userId,
        )?.tags ?? []
      ).map((t) => [t.name, t.source.kind, t.source.label]);
    expect(await tagsOf(keenMember.user.id)).toEqual([
      ['意向线下', 'poll', '线下活动意向'],
      ['社群来源', 'invite', '微信群'],
    ]);
    expect(await tagsOf(otherMember.user.id)).toEqual([]);
  });
});
