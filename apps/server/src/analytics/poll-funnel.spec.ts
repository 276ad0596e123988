import { startPollWorld, type PollWorld } from '../testing/poll-fixtures';

describe('analytics: poll funnel (viewed → answered)', () => {
  let w: PollWorld;

  beforeAll(async () => {
    w = await startPollWorld(4);
  });
  afterAll(() => w.t.close());

  it('counts each member once per step; an answer counts as a view; admin reads do not count; only admins read it', async () => {
    const poll = await w.createPoll({ kind: 'poll', questions: [{ type: 'rating', title: '打分' }] });
    const [a, b, c, d] = w.members;
    await w.as(w.admin).getPoll(poll.id); // managing it is not viewing it
    expect(await w.as(w.admin).pollFunnel(poll.id)).toEqual({ viewed: 0, answered: 0 });

    await w.as(a).getPoll(poll.id);
    await w.as(a).getPoll(poll.id); // a second read is not a second viewer
    await w.as(b).getPoll(poll.id);
    await w.as(b).respondToPoll(poll.id, { answers: [{ questionId: poll.questions[0].id, rating: 4 }] });
    // Answered from a shared card without opening the poll page first.
    await w.as(c).respondToPoll(poll.id, { answers: [{ questionId: poll.questions[0].id, rating: 5 }] });
    expect(await w.as(w.admin).pollFunnel(poll.id)).toEqual({ viewed: 3, answered: 2 });

    const byMember = await w.t.request('GET', `/api/polls/${poll.id}/funnel`, { token: d.token });
    expect(byMember.status).toBe(403);
    const byStranger = await w.t.request('GET', `/api/polls/${poll.id}/funnel`, { token: w.stranger.token });
    expect(byStranger.status).toBe(403);
    // Refused reads counted nothing.
    expect(await w.as(w.owner).pollFunnel(poll.id)).toEqual({ viewed: 3, answered: 2 });
  });
});
