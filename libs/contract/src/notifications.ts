import type { PageQuery } from './common';

/**
 * What a notification is about. Each kind has its producer on the server (a bus listener in the
 * notifications module); a new kind is one value here plus one listener.
 */
export const NotificationKinds = [
  'registration_approved',
  'registration_rejected',
  'registration_promoted',
  'event_cancelled',
  'event_reminder',
  'order_refunded',
  'broadcast',
  'join_approved',
  'join_rejected',
  'comment_replied',
  'post_pinned',
  'post_featured',
  'post_removed',
  'event_changed',
  'poll_closed',
  'order_paid',
  'chat_announcement',
] as const;
export type NotificationKind = (typeof NotificationKinds)[number];

/** One inbox item. `link` is a mini-program page path (with query) to open. */
export interface NotificationView {
  id: string;
  kind: NotificationKind;
  circleId: string | null;
  title: string;
  body: string;
  link: string | null;
  readAt: string | null;
  createdAt: string;
}

/** `GET /api/me/notifications?limit&cursor&unread=1`: newest first, plus the unread count. */
export interface NotificationsQuery extends PageQuery {
  /** `1`: unread items only. */
  unread?: 1;
}

export interface NotificationsPage {
  items: NotificationView[];
  nextCursor: string | null;
  unread: number;
}

/** `POST /api/me/notifications/read`: the given ids, or everything with `all: true`. */
export interface MarkNotificationsReadRequest {
  ids?: string[];
  all?: true;
}

export interface UnreadCountView {
  unread: number;
}

/** "HH:mm" in Asia/Shanghai; a window may wrap midnight (22:00–08:00). */
export interface QuietHours {
  start: string;
  end: string;
}

export interface NotificationSettingsView {
  mutedCircleIds: string[];
  disabledKinds: NotificationKind[];
  /** null: pushes at any hour. */
  quietHours: QuietHours | null;
}

export interface UpdateNotificationSettingsRequest {
  mutedCircleIds?: string[];
  disabledKinds?: NotificationKind[];
  quietHours?: QuietHours | null;
}

export const NotificationLimits = {
  /** Ids per mark-read call. */
  markReadMax: 100,
  mutedCirclesMax: 200,
  defaultQuietHours: { start: '22:00', end: '08:00' } as QuietHours,
} as const;
