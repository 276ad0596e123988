import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { BroadcastAudience, BroadcastLink, BroadcastStatus } from '@quanzi/contract';
import { Schema as MongooseSchema, Types } from 'mongoose';

const oidProp = { type: MongooseSchema.Types.ObjectId, required: true } as const;

/** One 群发私信 of a circle. */
@Schema({ collection: 'broadcasts', versionKey: false })
export class Broadcast {
  @Prop(oidProp) circleId!: Types.ObjectId;
  @Prop(oidProp) createdBy!: Types.ObjectId;
  @Prop({ type: String, required: true }) title!: string;
  @Prop({ type: String, required: true }) body!: string;
  @Prop({ type: MongooseSchema.Types.Mixed, default: null }) link!: BroadcastLink | null;
  /** The mini-program page the inbox item and the subscribe message open. */
  @Prop({ type: String, default: null }) page!: string | null;
  @Prop({ type: MongooseSchema.Types.Mixed, required: true }) audience!: BroadcastAudience;
  @Prop({ type: String, required: true }) status!: BroadcastStatus;
  /** Preview count when created; the recipients snapshot's size once sending starts. */
  @Prop({ type: Number, required: true }) audienceCount!: number;
  /** Set once the recipients snapshot is complete (a resumed job does not resolve again). */
  @Prop({ type: Date, default: null }) snapshotAt!: Date | null;
  @Prop({ type: Date, required: true }) sendAt!: Date;
  @Prop({ type: Date, required: true }) createdAt!: Date;
  @Prop({ type: Date, default: null }) sentAt!: Date | null;
  @Prop({ type: Date, default: null }) cancelledAt!: Date | null;
}
export type BroadcastRecord = Broadcast & { _id: Types.ObjectId };
export const BroadcastSchema = SchemaFactory.createForClass(Broadcast);
BroadcastSchema.index({ circleId: 1, _id: -1 });

export type DeliveryState = 'pending' | 'delivered' | 'skipped';
/** `sending`: claimed by a push run (a run killed there leaves it: a push is sent at most once). */
export type PushState = 'none' | 'pending' | 'held' | 'sending' | 'sent' | 'failed';

/**
 * One recipient of one broadcast: the recipients snapshot and the delivery record at once. Unique
 * per (broadcast, user), written before the inbox item, so a resumed fan-out picks up exactly the
 * pending rows and nobody is counted or reached twice.
 */
@Schema({ collection: 'broadcast_deliveries', versionKey: false })
export class BroadcastDelivery {
  @Prop(oidProp) broadcastId!: Types.ObjectId;
  @Prop(oidProp) circleId!: Types.ObjectId;
  @Prop(oidProp) userId!: Types.ObjectId;
  @Prop({ type: String, required: true }) state!: DeliveryState;
  /** Why skipped: `capped` (daily frequency cap) or `muted` (circle muted / kind off). */
  @Prop({ type: String, default: null }) reason!: string | null;
  /** Asia/Shanghai day of delivery: the frequency cap counts these. */
  @Prop({ type: String, default: null }) day!: string | null;
  @Prop({ type: String, default: 'none' }) push!: PushState;
  /** WeChat errcode, or `no_credit`, when the push failed. */
  @Prop({ type: String, default: null }) pushError!: string | null;
}
export type BroadcastDeliveryRecord = BroadcastDelivery & { _id: Types.ObjectId };
export const BroadcastDeliverySchema = SchemaFactory.createForClass(BroadcastDelivery);
BroadcastDeliverySchema.index({ broadcastId: 1, userId: 1 }, { unique: true });
BroadcastDeliverySchema.index({ broadcastId: 1, state: 1, _id: 1 });

/**
 * The daily frequency cap: which broadcasts of a circle a member got on one China day. A
 * broadcast takes a slot with one conditional `$addToSet` (idempotent when a send resumes), so
 * concurrent fan-outs cannot together exceed the cap.
 */
@Schema({ collection: 'broadcast_caps', versionKey: false })
export class BroadcastCap {
  @Prop(oidProp) circleId!: Types.ObjectId;
  @Prop(oidProp) userId!: Types.ObjectId;
  @Prop({ type: String, required: true }) day!: string;
  @Prop({ type: [MongooseSchema.Types.ObjectId], default: [] }) broadcastIds!: Types.ObjectId[];
}
export const BroadcastCapSchema = SchemaFactory.createForClass(BroadcastCap);
BroadcastCapSchema.index({ circleId: 1, userId: 1, day: 1 }, { unique: true });
