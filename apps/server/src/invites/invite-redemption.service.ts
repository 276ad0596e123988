import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { ErrorCode } from '@quanzi/contract';
import { Model, trusted, type ClientSession } from 'mongoose';
import { DomainEventBus } from '../bus/domain-event-bus';
import { afterCommit } from '../database/unit-of-work';
import { DomainError } from '../common/domain-error';
import {
  CircleExtensions,
  MEMBER_TAGGER,
  type InviteCodeVerifier,
  type InviteGrant,
  type MemberTagger,
} from '../circles/circle-extensions';
import { Invite, InviteRedemption, Referral, type InviteRecord } from './invites.schema';
import { closedMessage, inviteState } from './invites.views';
import { Clock } from '../common/clock';
import { oid } from '../common/object-id';

/**
 * Joining through an invite. `verify` runs before the join; `redeem` inside the join's
 * transaction, so the membership, its preset tags, the referral edge and the `joins` counter
 * commit or roll back together.
 */
@Injectable()
export class InviteRedemptionService implements InviteCodeVerifier, OnModuleInit {
  constructor(
    @InjectModel(Invite.name) private readonly invites: Model<Invite>,
    @InjectModel(InviteRedemption.name) private readonly redemptions: Model<InviteRedemption>,
    @InjectModel(Referral.name) private readonly referrals: Model<Referral>,
    @Inject(MEMBER_TAGGER) private readonly tagger: MemberTagger,
    private readonly extensions: CircleExtensions,
    private readonly bus: DomainEventBus,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.extensions.provideInviteCodes(this);
  }

  async verify(circleId: string, code: string, _userId: string): Promise<InviteGrant | null> {
    if (!/^[0-9A-Za-z]{1,32}$/.test(code)) return null;
    const invite = await this.invites.findOne({ code, circleId: oid(circleId) }).lean<InviteRecord>();
    if (!invite) return null;
    const state = inviteState(invite, this.clock.now());
    if (state !== 'open') throw new DomainError(ErrorCode.CLOSED, closedMessage(state));
    return {
      inviteId: invite._id.toHexString(),
      inviteCode: invite.code,
      inviterId: invite.inviterId.toHexString(),
      channel: invite.channel,
    };
  }

  async redeem(grant: InviteGrant, circleId: string, userId: string, session: ClientSession): Promise<void> {
    const invite = await this.invites.findById(grant.inviteId).session(session).lean<InviteRecord>();
    if (!invite) throw new DomainError(ErrorCode.NOT_FOUND, '邀请链接不存在');
    const now = this.clock.now();
    if (invite.expiresAt && invite.expiresAt.getTime() <= now.getTime())
      throw new DomainError(ErrorCode.CLOSED, closedMessage('expired'));

    const inviterId = invite.inviterId.toHexString();
    // Using one's own link counts for nothing: no use, no referral edge.
    if (inviterId !== userId) {
      const used = await this.redemptions.updateOne(
        { inviteId: invite._id, userId: oid(userId) },
        { $setOnInsert: { at: now } },
        { upsert: true, session },
      );
      if (used.upsertedCount > 0) {
        // The quota is checked by the update itself: with the last use gone it matches nothing.
        const counted = await this.invites.updateOne(
          { _id: invite._id, ...(invite.maxUses != null ? { joins: trusted({ $lt: invite.maxUses }) } : {}) },
          { $inc: { joins: 1 } },
          { session },
        );
        if (counted.modifiedCount === 0) throw new DomainError(ErrorCode.CLOSED, closedMessage('exhausted'));
        await this.referrals.updateOne(
          { circleId: oid(circleId), inviteeId: oid(userId) },
          { $setOnInsert: { inviterId: invite.inviterId, inviteId: invite._id, at: now } },
          { upsert: true, session },
        );
        await afterCommit(session, () =>
          this.bus.publish('invite.joined', {
            circleId,
            actorId: userId,
            inviteCode: invite.code,
            inviterId,
            channel: invite.channel,
          }),
        );
      }
    }
    const tagIds = (invite.tagIds ?? []).map((id) => id.toHexString());
    if (tagIds.length > 0) {
      await this.tagger.addTags(
        circleId,
        userId,
        tagIds,
        { kind: 'invite', refId: invite._id.toHexString(), label: invite.channel },
        session,
      );
    }
  }
}
