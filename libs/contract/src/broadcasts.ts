import type { EngagementSegment } from './analytics';
import type { RegistrationStatus } from './events';

/** Registration statuses an audience can pick, plus "confirmed but not checked in". */
export const AudienceRegistrationStatuses = [
  'pending_approval',
  'pending_payment',
  'confirmed',
  'checked_in',
  'waitlisted',
  'confirmed_not_checked_in',
] as const;
export type AudienceRegistrationStatus = (typeof AudienceRegistrationStatuses)[number];
/** Compile-time check that every plain status above is a real registration status. */
export type _AudienceStatusCheck =
  Exclude<AudienceRegistrationStatus, 'confirmed_not_checked_in'> extends RegistrationStatus ? true : never;

/** Who a broadcast goes to: active members of the circle; every given field narrows (AND). */
export interface BroadcastAudience {
  all?: true;
  tagIds?: string[];
  /** With tagIds: holds every tag (default) or any of them. */
  tagMode?: 'all' | 'any';
  /** Join channel (as the member list and analytics name it). */
  channel?: string;
  inviterId?: string;
  eventId?: string;
  /** With eventId; absent: any live registration. */
  registrationStatus?: AudienceRegistrationStatus;
  /** Answered this named (non-anonymous) poll. */
  pollId?: string;
  /** Did NOT answer this poll (works for anonymous polls too). */
  notAnsweredPollId?: string;
  /** No recorded activity in the circle for at least this many days. */
  inactiveDays?: number;
  segment?: EngagementSegment;
}

export interface BroadcastPreviewRequest {
  audience: BroadcastAudience;
}

export interface BroadcastPreview {
  count: number;
  sample: { userId: string; nickname: string }[];
}

/** What a broadcast links to: a post, event or poll of the same circle. */
export interface BroadcastLink {
  type: 'post' | 'event' | 'poll';
  id: string;
}

export interface CreateBroadcastRequest {
  title: string;
  body: string;
  link?: BroadcastLink;
  audience: BroadcastAudience;
  /** ISO time in the future: scheduled; absent: sent now. */
  sendAt?: string;
}

export const BroadcastStatuses = ['scheduled', 'sending', 'sent', 'cancelled'] as const;
export type BroadcastStatus = (typeof BroadcastStatuses)[number];

export interface BroadcastStats {
  audience: number;
  delivered: number;
  /** Not delivered, by reason: `capped` (daily frequency cap), `muted` (member muted the circle or kind). */
  skipped: Record<string, number>;
  subscribeSent: number;
  subscribeFailed: number;
  /** WeChat errcode (or `no_credit`) → recipients. */
  subscribeErrors: Record<string, number>;
  /** Pushes waiting for the end of a member's quiet hours. */
  subscribeHeld: number;
  read: number;
  clicked: number;
}

export interface BroadcastView {
  id: string;
  circleId: string;
  title: string;
  body: string;
  link: BroadcastLink | null;
  audience: BroadcastAudience;
  status: BroadcastStatus;
  audienceCount: number;
  sendAt: string;
  createdAt: string;
  sentAt: string | null;
  cancelledAt: string | null;
}

export interface BroadcastDetail extends BroadcastView {
  stats: BroadcastStats;
}

export const BroadcastLimits = {
  titleMax: 40,
  bodyMax: 500,
  tagIdsMax: 20,
  sampleSize: 10,
  inactiveDaysMax: 365,
} as const;

/** `POST /api/me/subscriptions`: templates the member accepted in `wx.requestSubscribeMessage`. */
export const SubscribeTemplateKeys = ['broadcast'] as const;
export type SubscribeTemplateKey = (typeof SubscribeTemplateKeys)[number];

export interface SubscriptionsRequest {
  accepted: SubscribeTemplateKey[];
}

export interface SubscriptionsView {
  /** Remaining send credits per template key. */
  credits: Record<string, number>;
}
