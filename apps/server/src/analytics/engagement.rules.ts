import type { ActionCounts, EngagementSegment } from '@quanzi/contract';

/** What the score weighs: a check-in says more about a member than a like. */
export const ACTION_WEIGHTS: ActionCounts = { checkins: 5, posts: 4, signups: 3, comments: 2, votes: 2, likes: 1 };
const ACTION_WORDS: Record<keyof ActionCounts, string> = {
  checkins: '签到{n}次',
  posts: '发帖{n}条',
  signups: '报名{n}次',
  comments: '评论{n}条',
  votes: '投票{n}次',
  likes: '点赞{n}次',
};
export const ACTION_KINDS = Object.keys(ACTION_WEIGHTS) as (keyof ActionCounts)[];

/** Days a member counts as new, whatever they did. */
export const NEW_MEMBER_DAYS = 14;
/** Silent this long after having been active: at risk of leaving. */
export const AT_RISK_SILENT_DAYS = 30;

export const emptyCounts = (): ActionCounts => ({ checkins: 0, posts: 0, signups: 0, comments: 0, votes: 0, likes: 0 });

export interface MemberInput {
  userId: string;
  /** Whole days since joining. */
  memberDays: number;
  /** Days since the last action in the last 90 days; null when none. */
  recency: number | null;
  /** Was ever active in the circle (at-risk needs an earlier activity). */
  everActive: boolean;
  counts30: ActionCounts;
  counts90: ActionCounts;
  invitees: number;
  activeInvitees: number;
  paidFen: number;
}

export interface MemberEngagement {
  userId: string;
  score: number;
  segment: EngagementSegment;
  recency: number | null;
  frequency: number;
  contribution: number;
  explanation: string;
}

const weighted = (c: ActionCounts) => ACTION_KINDS.reduce((s, k) => s + c[k] * ACTION_WEIGHTS[k], 0);
const round1 = (x: number) => Math.round(x * 10) / 10;

/** Weighted actions of the last 30 days, plus half of those of days 31–90. */
export function frequencyOf(m: MemberInput): number {
  const w30 = weighted(m.counts30);
  return round1(w30 + (weighted(m.counts90) - w30) / 2);
}

/** Events attended, personal invitees who stayed active (and those who did not, a little), money paid. */
export function contributionOf(m: MemberInput): number {
  const stayed = m.activeInvitees;
  return round1(m.counts90.checkins * 5 + stayed * 10 + (m.invitees - stayed) * 2 + m.paidFen / 100);
}

/** Share of the others strictly below `v` (0 for the lowest or a lone member, 1 for the top). */
function rankIn(sorted: number[], v: number): number {
  if (sorted.length <= 1) return v > 0 ? 1 : 0;
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo / (sorted.length - 1);
}

export function explain(m: MemberInput): string {
  const acts = ACTION_KINDS.filter((k) => m.counts30[k] > 0).map((k) =>
    ACTION_WORDS[k].replace('{n}', String(m.counts30[k])),
  );
  const parts: string[] = [];
  if (acts.length > 0) parts.push(`近30天${acts.join('、')}`);
  else if (m.recency === null) parts.push('近90天没有互动');
  else parts.push(`近30天没有互动，最近一次在${m.recency}天前`);
  if (m.activeInvitees > 0) parts.push(`邀请${m.activeInvitees}人仍活跃`);
  else if (m.invitees > 0) parts.push(`邀请${m.invitees}人`);
  if (m.memberDays < NEW_MEMBER_DAYS) parts.unshift(`加入${m.memberDays}天的新成员`);
  return parts.join('，');
}

/**
 * RFM scores and segments of a whole circle: each of recency, frequency and contribution is
 * ranked among the circle's members (quantiles, so a small circle and a large one read alike),
 * the score weighs them 35/40/25, and segments cut the score at the 80th and 50th percentile.
 */
export function scoreCircle(members: MemberInput[]): MemberEngagement[] {
  const recencyValue = (m: MemberInput) => (m.recency === null ? -1000 : -m.recency);
  const freq = new Map(members.map((m) => [m.userId, frequencyOf(m)]));
  const contrib = new Map(members.map((m) => [m.userId, contributionOf(m)]));
  const sortedR = members.map(recencyValue).sort((a, b) => a - b);
  const sortedF = [...freq.values()].sort((a, b) => a - b);
  const sortedC = [...contrib.values()].sort((a, b) => a - b);
  const scored = members.map((m) => {
    const f = freq.get(m.userId)!;
    const c = contrib.get(m.userId)!;
    const r = m.recency === null ? 0 : rankIn(sortedR, recencyValue(m));
    const score = Math.round(100 * (0.35 * r + 0.4 * rankIn(sortedF, f) + 0.25 * rankIn(sortedC, c)));
    return { m, f, c, score };
  });
  const established = scored.filter((s) => s.m.memberDays >= NEW_MEMBER_DAYS).map((s) => s.score);
  const sortedScores = established.sort((a, b) => a - b);
  return scored.map(({ m, f, c, score }) => {
    const q = rankIn(sortedScores, score);
    let segment: EngagementSegment;
    if (m.memberDays < NEW_MEMBER_DAYS) segment = '新成员';
    else if (m.everActive && (m.recency === null || m.recency > AT_RISK_SILENT_DAYS)) segment = '流失预警';
    else if (f > 0 && q >= 0.8) segment = '核心成员';
    else if (f > 0 && q >= 0.5) segment = '潜力成员';
    else segment = '需唤醒';
    return {
      userId: m.userId,
      score,
      segment,
      recency: m.recency,
      frequency: f,
      contribution: c,
      explanation: explain(m),
    };
  });
}
