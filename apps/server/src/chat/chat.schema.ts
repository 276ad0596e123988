import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { ChatLimits } from '@quanzi/contract';
import { Schema as MongooseSchema, Types } from 'mongoose';

/** One per event with messages: `lastSeq` is the room's sequence counter (stored-counters.ts). */
@Schema({ collection: 'chat_rooms', versionKey: false })
export class ChatRoom {
  /** The event's id. */
  @Prop({ type: MongooseSchema.Types.ObjectId, required: true }) _id!: Types.ObjectId;
  @Prop({ type: Number, required: true, default: 0 }) lastSeq!: number;
}
export const ChatRoomSchema = SchemaFactory.createForClass(ChatRoom);
export type ChatRoomRecord = ChatRoom;

@Schema({ collection: 'chat_messages', versionKey: false })
export class ChatMessage {
  @Prop({ type: MongooseSchema.Types.ObjectId, required: true }) eventId!: Types.ObjectId;
  @Prop({ type: MongooseSchema.Types.ObjectId, required: true }) circleId!: Types.ObjectId;
  @Prop({ type: Number, required: true }) seq!: number;
  @Prop({ type: MongooseSchema.Types.ObjectId, required: true }) authorId!: Types.ObjectId;
  // Twice the contract limit: the protocol counts characters, mongoose counts UTF-16 units.
  @Prop({ type: String, default: '', maxlength: ChatLimits.textMax * 2 }) text!: string;
  @Prop({ type: String, default: null }) imageUrl!: string | null;
  @Prop({ type: MongooseSchema.Types.ObjectId, default: null }) replyToId!: Types.ObjectId | null;
  @Prop({ type: String, required: true }) clientId!: string;
  @Prop({ type: Boolean, default: false }) announcement!: boolean;
  @Prop({ type: Date, required: true }) createdAt!: Date;
  /** Soft delete (the row keeps its seq, so the room counter and resumes stay consistent). */
  @Prop({ type: Date, default: null }) deletedAt!: Date | null;
  @Prop({ type: MongooseSchema.Types.ObjectId, default: null }) deletedBy!: Types.ObjectId | null;
}
export const ChatMessageSchema = SchemaFactory.createForClass(ChatMessage);
ChatMessageSchema.index({ eventId: 1, seq: 1 }, { unique: true });
/** The pinned announcement: the room's latest one. */
ChatMessageSchema.index({ eventId: 1, announcement: 1, seq: -1 });
/** A retried send (same clientId) is the same message. */
ChatMessageSchema.index({ eventId: 1, authorId: 1, clientId: 1 }, { unique: true });
export type ChatMessageRecord = ChatMessage & { _id: Types.ObjectId };

@Schema({ collection: 'chat_mutes', versionKey: false })
export class ChatMute {
  @Prop({ type: MongooseSchema.Types.ObjectId, required: true }) eventId!: Types.ObjectId;
  @Prop({ type: MongooseSchema.Types.ObjectId, required: true }) userId!: Types.ObjectId;
  @Prop({ type: Date, required: true }) until!: Date;
  @Prop({ type: MongooseSchema.Types.ObjectId, required: true }) mutedBy!: Types.ObjectId;
}
export const ChatMuteSchema = SchemaFactory.createForClass(ChatMute);
ChatMuteSchema.index({ eventId: 1, userId: 1 }, { unique: true });
export type ChatMuteRecord = ChatMute & { _id: Types.ObjectId };

/** How far a member has read each room (unread counts). */
@Schema({ collection: 'chat_reads', versionKey: false })
export class ChatRead {
  @Prop({ type: MongooseSchema.Types.ObjectId, required: true }) eventId!: Types.ObjectId;
  @Prop({ type: MongooseSchema.Types.ObjectId, required: true }) userId!: Types.ObjectId;
  @Prop({ type: Number, required: true, default: 0 }) lastReadSeq!: number;
}
export const ChatReadSchema = SchemaFactory.createForClass(ChatRead);
ChatReadSchema.index({ eventId: 1, userId: 1 }, { unique: true });
