import { InviteLandingPage } from '@quanzi/contract';

/**
 * Every page's URL, one builder per page taking the query the page reads from `useRouter().params`
 * (the names are the page's own: some pages take a circle as `id`, others as `circleId`). Pages
 * navigate with these only; the paths match `app.config.ts`.
 */
type Query = Record<string, string | undefined>;

function page(path: string, query: Query = {}): string {
  const pairs = Object.entries(query).flatMap(([key, value]) =>
    value === undefined ? [] : [`${key}=${encodeURIComponent(value)}`],
  );
  return pairs.length ? `/${path}?${pairs.join('&')}` : `/${path}`;
}

/** `?id=` holding a circle's id (admin, polls list and builder, invite poster). */
type CircleId = { id: string };
/** `?id=` holding the page's own object (circle, post, event, registration, poll). */
type ById = { id: string };

export const routes = {
  // Main package (the first three are tabs: open them with switchTab).
  discover: () => page('pages/discover/index'),
  myCircles: () => page('pages/my-circles/index'),
  me: () => page('pages/me/index'),
  circle: (q: ById) => page('pages/circle/index', q),
  /** The circle page without a query: a single-circle brand's first tab (its circle from BRAND). */
  circleTab: () => page('pages/circle/index'),
  post: (q: ById) => page('pages/post/index', q),
  compose: (q: { circleId: string }) => page('pages/compose/index', q),
  circleCreate: () => page('pages/circle-create/index'),
  /** What a member's share opens: `inviteCode` is the sharer's code (joining from there credits them). */
  postShared: (q: ById & { inviteCode?: string }) => page('pages/post/index', q),
  /** The post page with its editor open (the author's 编辑 from the feed). */
  postEdit: (q: ById) => page('pages/post/index', { ...q, edit: '1' }),

  // Events subpackage.
  myTickets: () => page('packages/events/tickets/index'),
  eventList: (q: { circleId: string }) => page('packages/events/list/index', q),
  /** `inviteCode`: the invite that led here (its preset tags come with the signup). */
  eventDetail: (q: { id: string; inviteCode?: string }) => page('packages/events/detail/index', q),
  ticket: (q: ById) => page('packages/events/ticket/index', q),
  eventCreate: (q: { circleId: string }) => page('packages/events/edit/index', q),
  eventEdit: (q: ById) => page('packages/events/edit/index', q),
  attendees: (q: ById) => page('packages/events/attendees/index', q),
  checkin: (q: ById) => page('packages/events/checkin/index', q),
  /** 报名漏斗 of an event (admins), from its attendee list. */
  eventFunnel: (q: ById) => page('packages/events/funnel/index', q),
  /** The event's poster carrying my personal invite code (members). */
  eventPoster: (q: ById) => page('packages/events/poster/index', q),
  /** `?id=` the event whose chat room (聊天室) to open. */
  eventChat: (q: ById) => page('packages/events/chat/index', q),

  // Polls subpackage.
  pollList: (q: CircleId) => page('packages/polls/list/index', q),
  /** `inviteCode`: the invite that led here (its preset tags come with the answer). */
  pollAnswer: (q: { id: string; inviteCode?: string }) => page('packages/polls/answer/index', q),
  pollResults: (q: ById) => page('packages/polls/results/index', q),
  pollBuilder: (q: CircleId) => page('packages/polls/builder/index', q),

  // Invites subpackage.
  invitePoster: (q: CircleId) => page('packages/invites/poster/index', q),
  inviteLanding: (q: { code: string }) => page(InviteLandingPage, q),

  // Inbox subpackage (消息 and 通知设置).
  inbox: () => page('packages/inbox/list/index'),
  notificationSettings: () => page('packages/inbox/settings/index'),
  // Members subpackage.
  /** 成员名录 of a circle (`?id=` the circle), when the owner enabled it. */
  directory: (q: CircleId) => page('packages/members/directory/index', q),

  // Admin subpackage.
  adminDashboard: (q: CircleId) => page('packages/admin/dashboard/index', q),
  adminSettings: (q: CircleId) => page('packages/admin/settings/index', q),
  adminApprovals: (q: CircleId) => page('packages/admin/approvals/index', q),
  adminMembers: (q: CircleId) => page('packages/admin/members/index', q),
  adminMember: (q: { id: string; userId: string }) => page('packages/admin/member/index', q),
  adminInvites: (q: CircleId) => page('packages/admin/invites/index', q),
  adminTags: (q: CircleId) => page('packages/admin/tags/index', q),
  adminTagRules: (q: CircleId) => page('packages/admin/tag-rules/index', q),
  adminReview: (q: CircleId) => page('packages/admin/review/index', q),
  adminReports: (q: CircleId) => page('packages/admin/reports/index', q),
  adminOrders: (q: CircleId) => page('packages/admin/orders/index', q),
  adminBroadcasts: (q: CircleId) => page('packages/admin/broadcasts/index', q),
  adminBroadcastCompose: (q: CircleId) => page('packages/admin/broadcast-compose/index', q),
  adminBroadcast: (q: { id: string; circleId: string }) => page('packages/admin/broadcast/index', q),
  /** 邀请关系: referral leaderboard and trees (admins). */
  adminReferrals: (q: CircleId) => page('packages/admin/referrals/index', q),
  /** 数据: overview dashboards of a circle (admins). */
  adminInsight: (q: CircleId) => page('packages/admin/insight/index', q),
  adminInsightChannels: (q: CircleId) => page('packages/admin/insight-channels/index', q),
  adminInsightRetention: (q: CircleId) => page('packages/admin/insight-retention/index', q),
  adminInsightSegments: (q: CircleId) => page('packages/admin/insight-segments/index', q),
} as const;
