import type { Id, IsoTime, PageQuery } from './common';
import type { JoinPolicy } from './circles';

/** What an invite leads to besides the circle itself. */
export const InviteTargetTypes = ['circle', 'event', 'poll'] as const;
export type InviteTargetType = (typeof InviteTargetTypes)[number];

/** `link`: made by an admin for a channel; `personal`: a member's own stable link. */
export const InviteKinds = ['link', 'personal'] as const;
export type InviteKind = (typeof InviteKinds)[number];

/** `expired` / `exhausted` invites answer `CLOSED` and admit nobody. */
export type InviteState = 'open' | 'expired' | 'exhausted';

export const InviteLimits = {
  channelMax: 20,
  presetTagsMax: 10,
  maxUsesMax: 1_000_000,
  /** Codes are this many base62 characters (≈ 59 bits of randomness). */
  codeLength: 10,
  /** Deepest referral tree the API returns. */
  treeDepthMax: 6,
  treeDepthDefault: 3,
  leaderboardSize: 50,
} as const;

/** Codes are scene-safe: only these characters, at most Limits.inviteCodeMax of them. */
export const InviteCodePattern = /^[0-9A-Za-z]{1,32}$/;

/** Mini-program page that opens an invite (`scene` = code from a scanned code, or `?code=`). */
export const InviteLandingPage = 'packages/invites/landing/index';
/** Channel recorded for members' personal links. */
export const PersonalInviteChannel = '成员邀请';

export interface InviteTarget {
  type: InviteTargetType;
  id: Id;
}

export interface CreateInviteRequest {
  channel: string;
  tagIds?: Id[];
  target?: InviteTarget;
  expiresAt?: IsoTime;
  maxUses?: number;
}

export interface InvitePerson {
  id: Id;
  nickname: string;
  avatarUrl: string | null;
}

export interface InviteView {
  id: Id;
  code: string;
  circleId: Id;
  kind: InviteKind;
  channel: string;
  /** Preset tags granted to whoever joins through it (source `invite`, label = channel). */
  tags: { id: Id; name: string; color: string }[];
  target: InviteTarget | null;
  inviter: InvitePerson | null;
  expiresAt: IsoTime | null;
  maxUses: number | null;
  /** Distinct visitors per day who opened the link. */
  clicks: number;
  /** People who joined through it (each person once; self-invites not counted). */
  joins: number;
  state: InviteState;
  /** Mini-program path of the landing page for this code. */
  landingPath: string;
  createdAt: IsoTime;
}

export interface InviteListQuery extends PageQuery {
  kind?: InviteKind;
}

/** `GET /api/invites/:code`: what the landing page shows. */
export interface InviteLandingView {
  code: string;
  channel: string;
  circle: {
    id: Id;
    name: string;
    description: string;
    coverUrl: string | null;
    memberCount: number;
    joinPolicy: JoinPolicy;
  };
  inviter: InvitePerson | null;
  target: InviteTarget | null;
}

export interface ReferralLeaderboardEntry {
  rank: number;
  user: InvitePerson;
  /** Invitees who joined through this member and are still active members. */
  joins: number;
}

export interface ReferralLeaderboard {
  items: ReferralLeaderboardEntry[];
  /** The caller's own standing (rank null: nobody they invited is an active member). */
  me: { rank: number | null; joins: number };
}

export interface ReferralTreeQuery {
  /** Root of the tree; default: the caller. */
  userId?: Id;
  depth?: number;
}

export interface ReferralNode {
  user: InvitePerson;
  /** Whether they are an active member now. */
  active: boolean;
  /** When the referral edge was recorded (null for the root). */
  joinedAt: IsoTime | null;
  children: ReferralNode[];
}

export interface ReferralTree {
  root: ReferralNode;
  depth: number;
  /** True when nodes were left out to keep the answer bounded. */
  truncated: boolean;
}
