import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import {
  CircleLimits,
  CircleRoles,
  CircleVisibilities,
  JoinPolicies,
  MembershipStatuses,
  type CircleRole,
  type CircleVisibility,
  type JoinPolicy,
  type MembershipStatus,
  type TagSourceKind,
} from '@quanzi/contract';
import { Schema as MongooseSchema, Types } from 'mongoose';

@Schema({ collection: 'circles', timestamps: true, versionKey: false })
export class Circle {
  @Prop({ type: String, required: true, maxlength: CircleLimits.nameMax })
  name!: string;

  @Prop({ type: String, default: '', maxlength: CircleLimits.descriptionMax })
  description!: string;

  @Prop({ type: String, default: null, maxlength: CircleLimits.coverUrlMax })
  coverUrl!: string | null;

  @Prop({ type: String, required: true, enum: JoinPolicies })
  joinPolicy!: JoinPolicy;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  ownerId!: Types.ObjectId;

  /** Active members. Changed only by `$inc` in the transaction that changes a membership. */
  @Prop({ type: Number, required: true, default: 0 })
  memberCount!: number;

  /** Circles stored before visibility existed have none: they count as public. */
  @Prop({ type: String, enum: CircleVisibilities, default: 'public' })
  visibility?: CircleVisibility;

  @Prop({ type: Boolean, default: false })
  directoryEnabled?: boolean;
}

export const CircleSchema = SchemaFactory.createForClass(Circle);
// Discover lists newest first by _id (the built-in index); the owner index serves "circles I run".
CircleSchema.index({ ownerId: 1 });

@Schema({ _id: false, versionKey: false })
export class Via {
  @Prop({ type: String, default: null })
  inviteCode!: string | null;

  @Prop({ type: MongooseSchema.Types.ObjectId, default: null })
  inviterId!: Types.ObjectId | null;

  @Prop({ type: String, default: null })
  channel!: string | null;
}
const ViaSchema = SchemaFactory.createForClass(Via);

export const TagSourceKinds = [
  'manual',
  'invite',
  'event',
  'poll',
  'rule',
  'message',
] as const satisfies readonly TagSourceKind[];

/** Why a member holds a tag (see TagGrantSource in circle-extensions.ts). */
@Schema({ _id: false, versionKey: false })
export class MemberTagSource {
  @Prop({ type: String, required: true, enum: TagSourceKinds })
  kind!: TagSourceKind;

  /** The admin (manual), invite, event, poll or rule that granted it, as a hex id. */
  @Prop({ type: String, default: null })
  refId!: string | null;

  @Prop({ type: String, default: null })
  label!: string | null;
}
const MemberTagSourceSchema = SchemaFactory.createForClass(MemberTagSource);

/** A tag held by a member; written only by the tags module (MEMBER_TAGGER and bulk tagging). */
@Schema({ _id: false, versionKey: false })
export class MemberTag {
  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  tagId!: Types.ObjectId;

  @Prop({ type: MemberTagSourceSchema, required: true })
  source!: MemberTagSource;

  @Prop({ type: Date, required: true })
  at!: Date;
}
const MemberTagSchema = SchemaFactory.createForClass(MemberTag);

@Schema({ collection: 'memberships', timestamps: true, versionKey: false })
export class Membership {
  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  circleId!: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  userId!: Types.ObjectId;

  @Prop({ type: String, required: true, enum: CircleRoles, default: 'member' })
  role!: CircleRole;

  @Prop({ type: String, required: true, enum: MembershipStatuses })
  status!: MembershipStatus;

  @Prop({ type: ViaSchema, default: () => ({}) })
  via!: Via;

  /** The latest join request (or direct join). */
  @Prop({ type: Date, required: true })
  requestedAt!: Date;

  /** When the membership last became active. */
  @Prop({ type: Date, default: null })
  joinedAt!: Date | null;

  /** At most one entry per tag: the first grant's source is kept. */
  @Prop({ type: [MemberTagSchema], default: [] })
  tags!: MemberTag[];
}

export const MembershipSchema = SchemaFactory.createForClass(Membership);
/** One membership per (circle, user), whatever its status: re-joining reuses the row. */
MembershipSchema.index({ circleId: 1, userId: 1 }, { unique: true });
/** Member lists and approval queues: a circle's memberships by status, newest first. */
MembershipSchema.index({ circleId: 1, status: 1, _id: -1 });
/** "My circles". */
MembershipSchema.index({ userId: 1, status: 1, _id: -1 });
/** Admin member filters: by tag (multikey), by channel and by inviter, newest first. */
MembershipSchema.index({ circleId: 1, 'tags.tagId': 1, _id: -1 });
MembershipSchema.index({ circleId: 1, 'via.channel': 1, _id: -1 });
MembershipSchema.index({ circleId: 1, 'via.inviterId': 1, _id: -1 });

export type CircleRecord = Circle & { _id: Types.ObjectId; createdAt: Date; updatedAt: Date };
export type MembershipRecord = Membership & { _id: Types.ObjectId; createdAt: Date; updatedAt: Date };
