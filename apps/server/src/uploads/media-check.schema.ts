import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Types } from 'mongoose';

export const MediaCheckStatuses = ['pending', 'pass', 'risky'] as const;
export type MediaCheckStatus = (typeof MediaCheckStatuses)[number];

/** WeChat's asynchronous check of one stored image (security.mediaCheckAsync), by stored name. */
@Schema({ collection: 'media_checks', timestamps: true, versionKey: false })
export class MediaCheck {
  /** The stored file name (content hash): the same bytes are checked once. */
  @Prop({ type: String, required: true, unique: true })
  name!: string;

  @Prop({ type: String, required: true })
  url!: string;

  /** Who uploaded it first (the check is filed under their openid). */
  @Prop({ type: Types.ObjectId, required: true })
  userId!: Types.ObjectId;

  @Prop({ type: String, required: true, index: true })
  traceId!: string;

  @Prop({ type: String, enum: MediaCheckStatuses, required: true, default: 'pending' })
  status!: MediaCheckStatus;
}

export const MediaCheckSchema = SchemaFactory.createForClass(MediaCheck);
export type MediaCheckRecord = MediaCheck & { _id: Types.ObjectId };
