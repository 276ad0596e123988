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
  // events, tickets, check-in
  circleEvents: (id: string) => `/api/circles/${id}/events`,
  event: (id: string) => `/api/events/${id}`,
  eventCancel: (id: string) => `/api/events/${id}/cancel`,
  eventRegistrations: (id: string) => `/api/events/${id}/registrations`,
  eventRegistrationsCsv: (id: string) => `/api/events/${id}/registrations.csv`,
  eventStats: (id: string) => `/api/events/${id}/stats`,
  eventCheckins: (id: string) => `/api/events/${id}/checkins`,
  eventCheckers: (id: string) => `/api/events/${id}/checkers`,
  eventChecker: (id: string, userId: string) => `/api/events/${id}/checkers/${userId}`,
  registration: (id: string) => `/api/registrations/${id}`,
  registrationCancel: (id: string) => `/api/registrations/${id}/cancel`,
  registrationApprove: (id: string) => `/api/registrations/${id}/approve`,
  registrationReject: (id: string) => `/api/registrations/${id}/reject`,
  registrationPay: (id: string) => `/api/registrations/${id}/pay`,
  myTickets: '/api/me/tickets',
} as const;

/** `?a=1&b=x` from the defined values of a query object ('' when none). */
export function toQueryString(query: object = {}): string {
  const pairs = Object.entries(query)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return pairs.length ? `?${pairs.join('&')}` : '';
}
