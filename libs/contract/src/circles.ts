import type { Id, IsoTime, PageQuery } from './common';
import type { CircleRole } from './roles';

/** How people get in: `open` joins at once, `approval` waits for an admin, `invite` needs a code. */
export const JoinPolicies = ['open', 'approval', 'invite'] as const;
export type JoinPolicy = (typeof JoinPolicies)[number];

/** `public`: listed and searchable in 发现; `hidden`: reachable only by link or invite. */
export const CircleVisibilities = ['public', 'hidden'] as const;
export type CircleVisibility = (typeof CircleVisibilities)[number];

/** A membership's lifecycle; only `active` members count and have a role that grants rights. */
export const MembershipStatuses = ['active', 'pending', 'rejected', 'removed', 'left'] as const;
export type MembershipStatus = (typeof MembershipStatuses)[number];

/** Roles an owner can hand out (ownership itself is not transferable through this route). */
export const AssignableCircleRoles = ['member', 'admin'] as const;
export type AssignableCircleRole = (typeof AssignableCircleRoles)[number];

export const CircleLimits = {
  nameMax: 30,
  descriptionMax: 500,
  coverUrlMax: 512,
  /** Longest member-search text. */
  memberSearchMax: 32,
} as const;

/** Where a member came from (filled by the invites module; null fields for a direct join). */
export interface MembershipVia {
  inviteCode: string | null;
  inviterId: Id | null;
  channel: string | null;
}

/** The caller's own standing in a circle. */
export interface MyMembershipView {
  status: MembershipStatus;
  role: CircleRole;
  /** When the membership last became active (null while pending / never active). */
  joinedAt: IsoTime | null;
}

export interface CircleView {
  id: Id;
  name: string;
  description: string;
  coverUrl: string | null;
  joinPolicy: JoinPolicy;
  /** Active members, the owner included; kept exact by the server. */
  memberCount: number;
  ownerId: Id;
  createdAt: IsoTime;
  /** null: the caller never asked to join. */
  myMembership: MyMembershipView | null;
  visibility: CircleVisibility;
  /** Members see the member directory (nickname, avatar, join time, public tags). */
  directoryEnabled: boolean;
}

/** One member in the circle's member directory (members see it when the owner enables it). */
export interface DirectoryEntryView {
  userId: Id;
  nickname: string;
  avatarUrl: string | null;
  joinedAt: IsoTime | null;
}

/** 发现: public circles, newest first; `q` finds names containing it (case-insensitive). */
export interface CircleListQuery extends PageQuery {
  q?: string;
}

export interface CreateCircleRequest {
  name: string;
  description?: string;
  coverUrl?: string;
  joinPolicy: JoinPolicy;
  /** Default: `hidden` for invite-only circles, else `public`. */
  visibility?: CircleVisibility;
}

export interface UpdateCircleRequest {
  name?: string;
  description?: string;
  /** null removes the cover. */
  coverUrl?: string | null;
  joinPolicy?: JoinPolicy;
  /** Owner only. */
  visibility?: CircleVisibility;
  /** Owner only. */
  directoryEnabled?: boolean;
}

export interface JoinCircleRequest {
  inviteCode?: string;
}

/**
 * Why a member carries a tag: set by an admin, or granted by an invite, event, poll or rule;
 * `message`: a keyword rule matched the member's post, comment or chat message (`refId`).
 */
export type TagSourceKind = 'manual' | 'invite' | 'event' | 'poll' | 'rule' | 'message';

/** Why a member holds a tag: `refId` is the admin (manual), invite, event, poll or rule. */
export interface TagSourceView {
  kind: TagSourceKind;
  refId: Id | null;
  /** Human words for the source: the admin's nickname, the invite's channel, the event's title … */
  label: string | null;
}

/** A tag on a member with why and when it was given. */
export interface MemberTagSummary {
  id: Id;
  name: string;
  color: string;
  source: TagSourceView;
  at: IsoTime;
}

/** How `tagIds` combine in the member list: members holding every tag, or at least one. */
export const TagModes = ['all', 'any'] as const;
export type TagMode = (typeof TagModes)[number];

export interface MemberView {
  userId: Id;
  circleId: Id;
  nickname: string;
  avatarUrl: string | null;
  role: CircleRole;
  status: MembershipStatus;
  via: MembershipVia;
  tags: MemberTagSummary[];
  /** When the member asked to join (or joined) most recently. */
  requestedAt: IsoTime;
  joinedAt: IsoTime | null;
  /** Engagement score (0–100) and segment as last recomputed; null before the first run. */
  score?: number | null;
  segment?: string | null;
}

/**
 * `GET /api/circles/:id/members`. Tag, channel and inviter filters run in the query; with `q`
 * (nickname search) a page may hold fewer than `limit` items while `nextCursor` is still set:
 * the server scans a bounded slice per request.
 */
export interface MemberListQuery extends PageQuery {
  q?: string;
  /** Only members of this engagement segment (核心成员 …); ordered by score then. */
  segment?: string;
  /** `score`: highest engagement score first (default: newest membership first). */
  sort?: 'joined' | 'score';
  role?: CircleRole;
  /** Default `active`; `pending` is the approval queue. */
  status?: MembershipStatus;
  /** Comma-separated tag ids, combined per `tagMode` (default `all`). */
  tagIds?: string;
  tagMode?: TagMode;
  /** Members who joined through an invite of this channel. */
  channel?: string;
  /** Members who joined through this member's invite. */
  inviterId?: Id;
}

export interface UpdateMemberRoleRequest {
  role: AssignableCircleRole;
}
