import { emptyCounts, explain, scoreCircle, type MemberInput } from './engagement.rules';

const member = (userId: string, over: Partial<MemberInput> = {}): MemberInput => ({
  userId,
  memberDays: 60,
  recency: null,
  everActive: false,
  counts30: emptyCounts(),
  counts90: emptyCounts(),
  invitees: 0,
  activeInvitees: 0,
  paidFen: 0,
  ...over,
});
const counts = (c: Partial<ReturnType<typeof emptyCounts>>) => ({ ...emptyCounts(), ...c });

describe('engagement score and segments', () => {
  it('explains a score in the member’s actions of 30 days and the invitees who stayed', () => {
    const m = member('a', {
      recency: 1,
      counts30: counts({ checkins: 3, posts: 5 }),
      counts90: counts({ checkins: 3, posts: 5 }),
      invitees: 3,
      activeInvitees: 2,
    });
    expect(explain(m)).toBe('近30天签到3次、发帖5条，邀请2人仍活跃');
    expect(explain(member('b'))).toBe('近90天没有互动');
    expect(explain(member('c', { recency: 40 }))).toBe('近30天没有互动，最近一次在40天前');
    expect(explain(member('d', { memberDays: 3, recency: 0, counts30: counts({ likes: 1 }) }))).toBe(
      '加入3天的新成员，近30天点赞1次',
    );
  });

  it('ranks by quantiles and cuts segments: core, potential, to wake, at risk, new', () => {
    const active = (id: string, posts: number, recency: number) =>
      member(id, { recency, everActive: true, counts30: counts({ posts }), counts90: counts({ posts }) });
    const result = scoreCircle([
      active('top', 10, 0),
      active('mid', 3, 2),
      active('low', 1, 20),
      member('silent-before', { recency: 45, everActive: true, counts90: counts({ posts: 2 }) }),
      member('never'),
      member('fresh', { memberDays: 2 }),
    ]);
    const by = Object.fromEntries(result.map((r) => [r.userId, r]));
    expect(by.top.segment).toBe('核心成员');
    expect(by.mid.segment).toBe('潜力成员');
    expect(by.low.segment).toBe('潜力成员'); // the median of five established members
    expect(by['silent-before'].segment).toBe('流失预警');
    expect(by.never).toMatchObject({ segment: '需唤醒', score: 0 });
    expect(by.fresh.segment).toBe('新成员');
    expect(by.top.score).toBeGreaterThan(by.mid.score);
    expect(by.mid.score).toBeGreaterThan(by.low.score);
    expect(by.top.score).toBe(75); // top recency and frequency; nobody contributed, so that part is 0
    // Check-ins weigh more than likes.
    const [checkin, like] = scoreCircle([
      active('x', 0, 1),
      member('y', { recency: 1, everActive: true, counts30: counts({ likes: 3 }), counts90: counts({ likes: 3 }) }),
    ]).map((r) => r.frequency);
    expect([checkin, like]).toEqual([0, 3]);
    expect(
      scoreCircle([
        member('c', { recency: 1, counts30: counts({ checkins: 1 }), counts90: counts({ checkins: 1 }) }),
      ])[0].frequency,
    ).toBe(5);
  });
});
