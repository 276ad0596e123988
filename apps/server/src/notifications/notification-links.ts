/**
 * Mini-program pages an inbox item opens. The server cannot import the app, so these repeat the
 * paths of apps/miniprogram/src/routes.ts (notification-links.spec checks each is a page there).
 */
export const NotificationLinks = {
  circle: (id: string) => `/pages/circle/index?id=${id}`,
  post: (id: string) => `/pages/post/index?id=${id}`,
  event: (id: string) => `/packages/events/detail/index?id=${id}`,
  ticket: (registrationId: string) => `/packages/events/ticket/index?id=${registrationId}`,
  pollResults: (id: string) => `/packages/polls/results/index?id=${id}`,
} as const;
