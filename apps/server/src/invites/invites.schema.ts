import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import {
  InviteKinds,
  InviteLimits,
  InviteTargetTypes,
  Limits,
  type InviteKind,
  type InviteTargetType,
} from '@quanzi/contract';
import { Schema as MongooseSchema, Types } from 'mongoose';

@Schema({ _id: false, versionKey: false })
export class InviteTargetDoc {
  @Prop({ type: String, required: true, enum: InviteTargetTypes })
  type!: InviteTargetType;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  id!: Types.ObjectId;
}
const InviteTargetSchema = SchemaFactory.createForClass(InviteTargetDoc);

/** An invite link: an admin's channel link or a member's personal link. */
@Schema({ collection: 'invites', timestamps: true, versionKey: false })
export class Invite {
  @Prop({ type: String, required: true, maxlength: Limits.inviteCodeMax })
  code!: string;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  circleId!: Types.ObjectId;

  @Prop({ type: String, required: true, enum: InviteKinds })
  kind!: InviteKind;

  @Prop({ type: String, required: true, maxlength: InviteLimits.channelMax })
  channel!: string;

  @Prop({ type: [MongooseSchema.Types.ObjectId], default: [] })
  tagIds!: Types.ObjectId[];

  @Prop({ type: InviteTargetSchema, default: null })
  target!: InviteTargetDoc | null;

  /** Who brought people in through it: the admin who made a link, the member for a personal one. */
  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  inviterId!: Types.ObjectId;

  @Prop({ type: Date, default: null })
  expiresAt!: Date | null;

  @Prop({ type: Number, default: null })
  maxUses!: number | null;

  /** Distinct (visitor, China day) opens; `$inc` in the transaction that inserts the invite_clicks row. */
  @Prop({ type: Number, required: true, default: 0 })
  clicks!: number;

  /** Distinct people who joined through it; `$inc` guarded by `joins < maxUses` in the filter. */
  @Prop({ type: Number, required: true, default: 0 })
  joins!: number;
}
export const InviteSchema = SchemaFactory.createForClass(Invite);
InviteSchema.index({ code: 1 }, { unique: true });
/** Admin list, newest first. */
InviteSchema.index({ circleId: 1, _id: -1 });
/** One personal link per (circle, member): `/invites/mine` answers the same code every time. */
InviteSchema.index({ circleId: 1, inviterId: 1 }, { unique: true, partialFilterExpression: { kind: 'personal' } });

/** One row per visitor (user id or IP+UA hash) per invite per China day: a click counts once. */
@Schema({ collection: 'invite_clicks', versionKey: false })
export class InviteClick {
  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  inviteId!: Types.ObjectId;

  @Prop({ type: String, required: true })
  visitor!: string;

  @Prop({ type: String, required: true })
  day!: string;

  @Prop({ type: Date, required: true })
  at!: Date;
}
export const InviteClickSchema = SchemaFactory.createForClass(InviteClick);
InviteClickSchema.index({ inviteId: 1, visitor: 1, day: 1 }, { unique: true });

/** A person's use of an invite: joining through the same link again does not count again. */
@Schema({ collection: 'invite_redemptions', versionKey: false })
export class InviteRedemption {
  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  inviteId!: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  userId!: Types.ObjectId;

  @Prop({ type: Date, required: true })
  at!: Date;
}
export const InviteRedemptionSchema = SchemaFactory.createForClass(InviteRedemption);
InviteRedemptionSchema.index({ inviteId: 1, userId: 1 }, { unique: true });

/** Who brought whom into a circle. The first inviter wins: one edge per invitee per circle. */
@Schema({ collection: 'referrals', versionKey: false })
export class Referral {
  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  circleId!: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  inviterId!: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  inviteeId!: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  inviteId!: Types.ObjectId;

  @Prop({ type: Date, required: true })
  at!: Date;
}
export const ReferralSchema = SchemaFactory.createForClass(Referral);
ReferralSchema.index({ circleId: 1, inviteeId: 1 }, { unique: true });
/** Leaderboard and tree walk: a circle's edges by inviter. */
ReferralSchema.index({ circleId: 1, inviterId: 1 });

export type InviteRecord = Invite & { _id: Types.ObjectId; createdAt: Date; updatedAt: Date };
export type ReferralRecord = Referral & { _id: Types.ObjectId };
