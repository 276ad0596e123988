import type { DayKey } from './activity';

/**
 * Circle dashboards (circle admins; platform admins for every circle). Every number is read from
 * pre-aggregated rollups kept current as events happen, never from the raw activity log.
 *
 * Join channels: the invite link's channel name for admin links, `成员邀请` (PersonalInviteChannel)
 * for a member's personal link, `直接加入` (DirectJoinChannel) when no invite was used.
 */
export const DirectJoinChannel = '直接加入';

export interface AnalyticsRangeQuery {
  from: DayKey;
  to: DayKey;
}

export interface RetentionQuery extends AnalyticsRangeQuery {
  /** Only members who joined through this channel. */
  channel?: string;
}

export interface GrowthDay {
  day: DayKey;
  /** New members that day, and per join channel. */
  count: number;
  byChannel: Record<string, number>;
  /** Members who left or were removed that day. */
  left: number;
  /** Active members at the end of the day. */
  total: number;
}

export interface ContentDay {
  day: DayKey;
  posts: number;
  comments: number;
  likes: number;
  votes: number;
  signups: number;
  checkins: number;
}

export interface AnalyticsOverview {
  members: { total: number; pending: number; newByDay: GrowthDay[] };
  /**
   * A member is active on a day when they posted, commented, liked, voted, signed up or checked in.
   * `wau`: distinct members active in the calendar week (Mon–Sun) containing `to`; `mau`: in its
   * calendar month. `stickiness`: mean DAU over the range ÷ mau (0–1, two decimals).
   */
  active: { byDay: { day: DayKey; dau: number }[]; wau: number; mau: number; stickiness: number };
  content: { byDay: ContentDay[] };
}

export interface ChannelStatsView {
  channel: string;
  /** Set for a row of one invite link; personal links are summed into one `成员邀请` row. */
  inviteId?: string;
  inviteCode?: string;
  clicks: number;
  joins: number;
  /** joins ÷ clicks (0 without clicks), two decimals. */
  joinRate: number;
  /** Of those who joined in the range: active again at least 7 / 30 days after joining. */
  activeD7: number;
  activeD30: number;
  /** Event signups and check-ins by members who joined through this channel. */
  signups: number;
  checkins: number;
  /** Paid amount in fen; 0 until payments land. */
  paidFen: number;
}

export interface ChannelStatsResponse {
  items: ChannelStatsView[];
}

export interface RetentionCohort {
  /** Monday (China time) of the join week. */
  week: DayKey;
  size: number;
  /** Share of the cohort active in week 0, 1, 2 … after joining (0–1, two decimals), up to `to`. */
  retained: number[];
}

export interface RetentionResponse {
  cohorts: RetentionCohort[];
}

export interface EventFunnelQuery {
  /** Only people who joined the circle through this invite code. */
  inviteCode?: string;
}

/** Distinct members who read a poll, and who answered it (an answer counts as a view too). */
export interface PollFunnelView {
  viewed: number;
  answered: number;
}

/** Distinct people at each step of one event's funnel. */
export interface EventFunnelView {
  viewed: number;
  signedUp: number;
  confirmed: number;
  paid: number;
  checkedIn: number;
}

/** Engagement segments, by quantiles of the score within the circle. */
export const EngagementSegments = ['核心成员', '潜力成员', '需唤醒', '流失预警', '新成员'] as const;
export type EngagementSegment = (typeof EngagementSegments)[number];

/** Logged actions in a window, per kind. */
export interface ActionCounts {
  checkins: number;
  posts: number;
  signups: number;
  comments: number;
  votes: number;
  likes: number;
}

/**
 * A member's RFM engagement as last recomputed (nightly, or on demand by an admin): recency in
 * days since the last action, frequency = weighted actions (check-in 5 > post 4 > signup 3 >
 * comment 2 = vote 2 > like 1) in 30 days plus half those of days 31–90, contribution = events
 * attended, personal invitees still active, paid amount. Score 0–100 from the three ranks.
 */
export interface EngagementView {
  userId: string;
  score: number;
  segment: EngagementSegment;
  recency: number | null;
  frequency: number;
  contribution: number;
  counts30: ActionCounts;
  invitees: number;
  activeInvitees: number;
  lastActiveAt: string | null;
  /** e.g. 「近30天签到3次、发帖5条，邀请2人仍活跃」 */
  explanation: string;
  computedAt: string;
}

export interface EngagementRecomputeResponse {
  members: number;
  computedAt: string;
}

export interface KocView {
  userId: string;
  nickname: string;
  /** Members who joined through this member's personal link, and those still active (30 days). */
  invitees: number;
  activeInvitees: number;
  score: number;
}

export interface KocResponse {
  items: KocView[];
}

/** How many members each segment holds, as last recomputed (every segment listed, zeros included). */
export interface SegmentCountsResponse {
  items: { segment: EngagementSegment; count: number }[];
  /** When the scores were last recomputed; null before the first run. */
  computedAt: string | null;
}
