import { Injectable } from '@nestjs/common';
import type { TagSourceKind } from '@quanzi/contract';
import type { ClientSession } from 'mongoose';

/** What a valid invite code grants: recorded on the membership and in `member.joined`. */
export interface InviteGrant {
  inviteId: string;
  inviteCode: string;
  inviterId: string | null;
  channel: string | null;
}

/**
 * Invite codes for the join flow; implemented by the invites module, which plugs it into
 * `CircleExtensions` (the invites module imports circles, so circles cannot import it).
 */
export interface InviteCodeVerifier {
  /**
   * The grant for a code of this circle, else null (unknown code, or another circle's).
   * Throws CLOSED when the invite has expired or has no uses left.
   */
  verify(circleId: string, code: string, userId: string): Promise<InviteGrant | null>;
  /**
   * Called inside the join's transaction once the membership row is written: applies the
   * invite's preset tags, records the referral edge and counts the join (atomically against
   * `maxUses`; throws CLOSED — rolling the join back — when the last use went meanwhile).
   */
  redeem(grant: InviteGrant, circleId: string, userId: string, session: ClientSession): Promise<void>;
}

/**
 * Tag names and colours (tag grants themselves live on the membership). The tags module
 * provides it under MEMBER_TAG_DIRECTORY and plugs it into `CircleExtensions` for the member list.
 */
export interface MemberTagDirectory {
  /** The circle's tag definitions among `tagIds`, by id (deleted ones are absent). */
  describe(circleId: string, tagIds: string[]): Promise<Map<string, { name: string; color: string }>>;
  /** Those of `userIds` whose membership in the circle carries every tag in `tagIds`. */
  filterByTags(circleId: string, userIds: string[], tagIds: string[]): Promise<string[]>;
  /** The tags each of `userIds` carries in the circle, in the order they were granted (exports). */
  tagsOf(circleId: string, userIds: string[]): Promise<Map<string, { id: string; name: string }[]>>;
}
export const MEMBER_TAG_DIRECTORY = Symbol('MemberTagDirectory');

/** Why a member carries a tag (kept beside the tag on the membership). */
export interface TagGrantSource {
  kind: TagSourceKind;
  /** The invite, event, poll or rule that granted it; the admin's user id for `manual`. */
  refId: string | null;
  /** Human words for the source, e.g. the invite's channel or the event's title. */
  label: string | null;
}

/**
 * Adds tags to members on behalf of other domains (invites, events, polls, rules). The tags
 * module implements it (writing through `MembershipsRepository`) and provides it under
 * MEMBER_TAGGER; modules that use it import TagsModule.
 */
export interface MemberTagger {
  /** Refuses (VALIDATION_FAILED, field `tagIds`) ids that are not tags of this circle. */
  assertTagsExist(circleId: string, tagIds: string[]): Promise<void>;
  /**
   * Adds the tags to the user's membership in the circle. Idempotent: a tag already held keeps
   * its first source. With a session, the write joins that transaction (and `tag.added` is
   * published only after it commits).
   */
  addTags(
    circleId: string,
    userId: string,
    tagIds: string[],
    source: TagGrantSource,
    session?: ClientSession,
  ): Promise<void>;
}
export const MEMBER_TAGGER = Symbol('MemberTagger');

/**
 * Engagement scores for the member list; the analytics module provides it (it imports circles).
 * Optional: without it the list carries no score and refuses nothing.
 */
export interface MemberEngagementDirectory {
  /** Score and segment of each of `userIds` that has been scored. */
  engagementOf(circleId: string, userIds: string[]): Promise<Map<string, { score: number; segment: string }>>;
  /** One page of scored members, highest score first, optionally of one segment; `after` from the last row. */
  rankedPage(
    circleId: string,
    opts: { segment?: string; after: { score: number; userId: string } | null; limit: number },
  ): Promise<{ userId: string; score: number }[]>;
}

/**
 * Where the invites and tags modules plug into circles, in their `onModuleInit`: they import
 * the circles module (memberships), so circles reaches them through this seam, not an import.
 */
@Injectable()
export class CircleExtensions {
  private inviteCodes: InviteCodeVerifier | null = null;
  private tagDirectory: MemberTagDirectory | null = null;
  /** Set by the analytics module; null when it is not loaded. */
  engagement: MemberEngagementDirectory | null = null;

  provideInviteCodes(verifier: InviteCodeVerifier): void {
    if (this.inviteCodes) throw new Error('InviteCodeVerifier provided twice');
    this.inviteCodes = verifier;
  }

  provideTagDirectory(directory: MemberTagDirectory): void {
    if (this.tagDirectory) throw new Error('MemberTagDirectory provided twice');
    this.tagDirectory = directory;
  }

  get invites(): InviteCodeVerifier {
    if (!this.inviteCodes) throw new Error('no InviteCodeVerifier provided (is the invites module loaded?)');
    return this.inviteCodes;
  }

  get tags(): MemberTagDirectory {
    if (!this.tagDirectory) throw new Error('no MemberTagDirectory provided (is the tags module loaded?)');
    return this.tagDirectory;
  }
}
