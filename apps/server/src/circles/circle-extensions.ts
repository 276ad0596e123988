import { Injectable } from '@nestjs/common';
import type { MemberTagSummary } from '@quanzi/contract';

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
