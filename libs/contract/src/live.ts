import type { Id, IsoTime } from './common';

/** Limits of the live channel and the event chat rooms. */
export const ChatLimits = {
  textMax: 500,
  historyPageMax: 100,
  /** The room opens this long before the event starts even if the admin did not open it. */
  opensBeforeStartHours: 2,
  /** The room turns read-only this long after the event ends. */
  readOnlyAfterEndDays: 3,
  /** Per user, over every socket of every instance: at most `sendBurst` messages per `sendWindowMs`. */
  sendBurst: 10,
  sendWindowMs: 10_000,
  muteMaxMinutes: 7 * 24 * 60,
} as const;

/** The room of an event's chat (`event:<id>`) and of its door counts (`door:<id>`, checkers and admins). */
export const LiveRooms = {
  eventChat: (eventId: string) => `event:${eventId}`,
  door: (eventId: string) => `door:${eventId}`,
} as const;

export interface ChatAuthorView {
  id: Id;
  nickname: string;
  avatarUrl: string | null;
}

export interface ChatReplyView {
  id: Id;
  seq: number;
  authorNickname: string;
  /** The start of the quoted text ('' for an image or a deleted message). */
  excerpt: string;
}

export interface ChatMessageView {
  id: Id;
  eventId: Id;
  seq: number;
  author: ChatAuthorView;
  text: string;
  imageUrl: string | null;
  replyTo: ChatReplyView | null;
  createdAt: IsoTime;
  /** Deleted by an admin: text and image are blanked. */
  deleted: boolean;
  announcement: boolean;
}

export interface ChatHistoryQuery {
  /** Messages with seq > after, oldest first (resume). */
  after?: number;
  /** Messages with seq < before, newest page, returned oldest first (scroll-back). */
  before?: number;
  limit?: number;
}

export interface ChatHistoryView {
  items: ChatMessageView[];
  lastSeq: number;
  /** The latest announcement still standing, shown pinned at the top. */
  pinned: ChatMessageView | null;
  /** What the caller may do in this room now. */
  canWrite: boolean;
  admin: boolean;
  /** Until when the caller is muted, or null. */
  mutedUntil: IsoTime | null;
}

export interface SendChatMessageRequest {
  text?: string;
  imageUrl?: string;
  replyTo?: Id;
  /** Client-chosen id: a retried send with the same clientId is the same message. */
  clientId: string;
  /** Admins: an announcement, pinned at the top of the room and handed to notifications. */
  announcement?: boolean;
}

export interface ChatMuteRequest {
  userId: Id;
  minutes: number;
}

export interface ChatMuteView {
  userId: Id;
  until: IsoTime;
}

export interface ChatUnreadView {
  eventId: Id;
  lastSeq: number;
  lastReadSeq: number;
  unread: number;
}

/** Frames a client sends over /api/ws. */
export type LiveClientFrame =
  | { op: 'auth'; token: string }
  | { op: 'join'; room: string; after?: number }
  | { op: 'leave'; room: string }
  | ({ op: 'send'; room: string } & SendChatMessageRequest)
  | { op: 'ping' };

export interface DoorCountsByType {
  ticketTypeId: Id;
  name: string;
  checkedIn: number;
  registered: number;
}

/** Frames the server sends over /api/ws. */
export type LiveServerFrame =
  | { op: 'ready'; userId: Id }
  | { op: 'joined'; room: string; lastSeq: number }
  | { op: 'message'; room: string; message: ChatMessageView }
  | { op: 'deleted'; room: string; id: Id }
  | { op: 'counts'; room: string; checkedIn: number; registered: number; byTicketType: DoorCountsByType[] }
  | { op: 'ack'; clientId: string; seq: number; id: Id }
  | { op: 'error'; code: string; message: string; room?: string; clientId?: string }
  | { op: 'pong' };
