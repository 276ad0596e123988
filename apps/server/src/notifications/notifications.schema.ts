import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { NotificationKind } from '@quanzi/contract';
import { Schema as MongooseSchema, Types } from 'mongoose';

/** One inbox item of one member. */
@Schema({ collection: 'notifications', versionKey: false })
export class Notification {
  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  userId!: Types.ObjectId;

  @Prop({ type: String, required: true })
  kind!: NotificationKind;

  @Prop({ type: MongooseSchema.Types.ObjectId, default: null })
  circleId!: Types.ObjectId | null;

  @Prop({ type: String, required: true })
  title!: string;

  @Prop({ type: String, required: true })
  body!: string;

  @Prop({ type: String, default: null })
  link!: string | null;

  /**
   * What produced it (e.g. `event_cancelled:<eventId>`): with userId unique, so a redelivered
   * event or a resumed fan-out never gives a member the same item twice.
   */
  @Prop({ type: String, required: true })
  sourceKey!: string;

  @Prop({ type: Date, default: null })
  readAt!: Date | null;

  /** When the member opened the item's link (`POST /api/me/notifications/:id/click`). */
  @Prop({ type: Date, default: null })
  clickedAt?: Date | null;

  @Prop({ type: Date, required: true })
  createdAt!: Date;
}

export type NotificationRecord = Notification & { _id: Types.ObjectId };
export const NotificationSchema = SchemaFactory.createForClass(Notification);
NotificationSchema.index({ userId: 1, _id: -1 });
NotificationSchema.index({ userId: 1, readAt: 1, _id: -1 });
NotificationSchema.index({ userId: 1, sourceKey: 1 }, { unique: true });
/** Read / click-through counts of one cause (broadcast stats). */
NotificationSchema.index({ sourceKey: 1, readAt: 1 });

/** A member's preferences; absent means the defaults. */
@Schema({ collection: 'notification_settings', versionKey: false })
export class NotificationSetting {
  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  userId!: Types.ObjectId;

  @Prop({ type: [MongooseSchema.Types.ObjectId], default: [] })
  mutedCircleIds!: Types.ObjectId[];

  @Prop({ type: [String], default: [] })
  disabledKinds!: NotificationKind[];

  /** `{start, end}` "HH:mm" Asia/Shanghai, or null for none. */
  @Prop({ type: MongooseSchema.Types.Mixed, default: null })
  quietHours!: { start: string; end: string } | null;
}

export type NotificationSettingRecord = NotificationSetting & { _id: Types.ObjectId };
export const NotificationSettingSchema = SchemaFactory.createForClass(NotificationSetting);
NotificationSettingSchema.index({ userId: 1 }, { unique: true });
