import { Injectable } from '@nestjs/common';
import { ErrorCode, type MemberTagSummary, type TagSourceKind } from '@quanzi/contract';
import type { ClientSession } from 'mongoose';
import { DomainError } from '../common/domain-error';

/** What a valid invite code grants: recorded on the membership and in `member.joined`. */
export interface InviteGrant {
  inviteCode: string;
  inviterId: string | null;
  channel: string | null;
}

/**
 * Checks an invite code for a circle. The invites module implements it and provides it under
 * INVITE_CODE_VERIFIER (removing the default below from CirclesModule).
 */
export interface InviteCodeVerifier {
  /** The grant for a code valid for this circle and user now, else null. */
  verify(circleId: string, code: string, userId: string): Promise<InviteGrant | null>;
}
export const INVITE_CODE_VERIFIER = Symbol('InviteCodeVerifier');

/** Until invite codes exist, no code is valid: invite-only circles admit nobody by code yet. */
@Injectable()
export class NoInviteCodes implements InviteCodeVerifier {
  async verify(): Promise<InviteGrant | null> {
    return null;
  }
}

/**
 * Member tags for the admin member list. The tags module implements it and provides it under
 * MEMBER_TAG_DIRECTORY (removing the default below from CirclesModule).
 */
export interface MemberTagDirectory {
  /** Those of `userIds` carrying every tag in `tagIds`. */
  filterByTags(circleId: string, userIds: string[], tagIds: string[]): Promise<string[]>;
  tagsOf(circleId: string, userIds: string[]): Promise<Map<string, MemberTagSummary[]>>;
}
export const MEMBER_TAG_DIRECTORY = Symbol('MemberTagDirectory');

/** Until tags exist: members carry no tags and a tag filter is ignored (not an empty result). */
@Injectable()
export class NoMemberTags implements MemberTagDirectory {
  async filterByTags(_circleId: string, userIds: string[]): Promise<string[]> {
    return userIds;
  }

  async tagsOf(): Promise<Map<string, MemberTagSummary[]>> {
    return new Map();
  }
}

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
 * module implements it and provides it under MEMBER_TAGGER (removing the default below).
 */
export interface MemberTagger {
  /** Refuses (VALIDATION_FAILED, field `tagIds`) ids that are not tags of this circle. */
  assertTagsExist(circleId: string, tagIds: string[]): Promise<void>;
  /**
   * Adds the tags to the user's membership in the circle. Idempotent: a tag already held keeps
   * its first source. With a session, the write joins that transaction.
   */
  addTags(circleId: string, userId: string, tagIds: string[], source: TagGrantSource, session?: ClientSession): Promise<void>;
}
export const MEMBER_TAGGER = Symbol('MemberTagger');

/** Until tags exist: preset tags cannot be set (any id is unknown), so nothing is silently dropped. */
@Injectable()
export class NoMemberTagger implements MemberTagger {
  async assertTagsExist(_circleId: string, tagIds: string[]): Promise<void> {
    if (tagIds.length > 0) {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, '标签不存在', [{ field: 'tagIds', message: '标签不存在' }]);
    }
  }

  async addTags(): Promise<void> {
    // Nothing can have been validated above, so there is nothing to add.
  }
}
