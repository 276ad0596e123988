/** Route paths of the HTTP API, relative to the origin. One place so clients and tests agree. */
export const ApiRoutes = {
  health: '/api/health',
  authWechat: '/api/auth/wechat',
  authDev: '/api/auth/dev',
  me: '/api/me',
  myCircles: '/api/me/circles',
  docs: '/api/docs',
  adminDailyActivity: '/api/admin/activity/daily',
  circles: '/api/circles',
  circle: (id: string) => `/api/circles/${id}`,
  circleJoin: (id: string) => `/api/circles/${id}/join`,
  circleLeave: (id: string) => `/api/circles/${id}/leave`,
  circleMembers: (id: string) => `/api/circles/${id}/members`,
  circleMember: (id: string, userId: string) => `/api/circles/${id}/members/${userId}`,
  circleMemberApprove: (id: string, userId: string) => `/api/circles/${id}/members/${userId}/approve`,
  circleMemberReject: (id: string, userId: string) => `/api/circles/${id}/members/${userId}/reject`,
  circlePosts: (id: string) => `/api/circles/${id}/posts`,
  circleComments: (id: string) => `/api/circles/${id}/comments`,
  circleReports: (id: string) => `/api/circles/${id}/reports`,
  post: (id: string) => `/api/posts/${id}`,
  postApprove: (id: string) => `/api/posts/${id}/approve`,
  postLike: (id: string) => `/api/posts/${id}/like`,
  postComments: (id: string) => `/api/posts/${id}/comments`,
  postReports: (id: string) => `/api/posts/${id}/reports`,
  comment: (id: string) => `/api/comments/${id}`,
  commentApprove: (id: string) => `/api/comments/${id}/approve`,
  reportResolve: (id: string) => `/api/reports/${id}/resolve`,
  uploads: '/api/uploads',
  circlePolls: (id: string) => `/api/circles/${id}/polls`,
  poll: (id: string) => `/api/polls/${id}`,
  pollClose: (id: string) => `/api/polls/${id}/close`,
  pollResponses: (id: string) => `/api/polls/${id}/responses`,
  pollResults: (id: string) => `/api/polls/${id}/results`,
  pollTextAnswers: (id: string) => `/api/polls/${id}/text-answers`,
  pollExport: (id: string) => `/api/polls/${id}/responses.csv`,
  pollExportLink: (id: string) => `/api/polls/${id}/export-link`,
  circleTags: (id: string) => `/api/circles/${id}/tags`,
  circleTag: (id: string, tagId: string) => `/api/circles/${id}/tags/${tagId}`,
  circleMemberTags: (id: string) => `/api/circles/${id}/members/tags`,
  circleInvites: (id: string) => `/api/circles/${id}/invites`,
  circleMyInvite: (id: string) => `/api/circles/${id}/invites/mine`,
  invite: (code: string) => `/api/invites/${code}`,
  referralLeaderboard: (id: string) => `/api/circles/${id}/referrals/leaderboard`,
  referralTree: (id: string) => `/api/circles/${id}/referrals/tree`,
  circleTagRules: (id: string) => `/api/circles/${id}/tag-rules`,
  circleTagRule: (id: string, ruleId: string) => `/api/circles/${id}/tag-rules/${ruleId}`,
  circleTagRuleBackfill: (id: string, ruleId: string) => `/api/circles/${id}/tag-rules/${ruleId}/backfill`,
  invitePoster: (code: string) => `/api/invites/${encodeURIComponent(code)}/poster.png`,
} as const;

/** `?a=1&b=x` from the defined values of a query object ('' when none). */
export function toQueryString(query: object = {}): string {
  const pairs = Object.entries(query)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return pairs.length ? `?${pairs.join('&')}` : '';
}
