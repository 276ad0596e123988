import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import {
  ContentStatuses,
  PostLimits,
  ReportActions,
  ReportStatuses,
  type ContentStatus,
  type ReportAction,
  type ReportStatus,
} from '@quanzi/contract';
import { Schema as MongooseSchema, Types } from 'mongoose';

/** One replaced version of a post. */
@Schema({ _id: false, versionKey: false })
export class PostEdit {
  @Prop({ type: String, required: true })
  text!: string;

  @Prop({ type: [String], default: [] })
  images!: string[];

  @Prop({ type: Date, required: true })
  replacedAt!: Date;
}
const PostEditSchema = SchemaFactory.createForClass(PostEdit);
export const POST_EDITS_KEPT = 20;

@Schema({ collection: 'posts', timestamps: true, versionKey: false })
export class Post {
  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  circleId!: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  authorId!: Types.ObjectId;

  // Twice the contract limit: the DTO counts characters, mongoose counts UTF-16 units.
  @Prop({ type: String, required: true, maxlength: PostLimits.textMax * 2 })
  text!: string;

  @Prop({ type: [String], default: [] })
  images!: string[];

  @Prop({ type: String, default: null })
  topic!: string | null;

  @Prop({ type: Boolean, default: false })
  pinned!: boolean;

  @Prop({ type: Boolean, default: false })
  digest!: boolean;

  @Prop({ type: String, enum: ContentStatuses, required: true })
  status!: ContentStatus;

  /** Exact: changed only by `$inc` in the transaction that really inserted or deleted a like row. */
  @Prop({ type: Number, default: 0 })
  likeCount!: number;

  /** Published, undeleted comments and replies; changed in the transaction that changes one. */
  @Prop({ type: Number, default: 0 })
  commentCount!: number;

  /** Soft delete: the row stays for reports and audits, feeds never show it. */
  @Prop({ type: Date, default: null })
  deletedAt!: Date | null;

  @Prop({ type: MongooseSchema.Types.ObjectId, default: null })
  deletedBy!: Types.ObjectId | null;

  /** The author's last edit (within 24 h of posting); null when never edited. */
  @Prop({ type: Date, default: null })
  editedAt?: Date | null;

  /** Earlier versions, oldest first (at most POST_EDITS_KEPT): admins read them. */
  @Prop({ type: [PostEditSchema], default: [] })
  edits?: PostEdit[];
}

export const PostSchema = SchemaFactory.createForClass(Post);
/** The feed: one circle, pinned first, newest next; pages continue from a cursor, never skip. */
PostSchema.index({ circleId: 1, pinned: -1, createdAt: -1, _id: -1 });
/** A member's own posts (profile pages, moderation). */
PostSchema.index({ authorId: 1, _id: -1 });

@Schema({ collection: 'post_likes', timestamps: { createdAt: true, updatedAt: false }, versionKey: false })
export class Like {
  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  postId!: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  userId!: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  circleId!: Types.ObjectId;
}

export const LikeSchema = SchemaFactory.createForClass(Like);
/** One like per (post, user): the index, not a read-then-write, makes liking idempotent. */
LikeSchema.index({ postId: 1, userId: 1 }, { unique: true });

@Schema({ collection: 'comments', timestamps: true, versionKey: false })
export class Comment {
  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  postId!: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  circleId!: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  authorId!: Types.ObjectId;

  @Prop({ type: String, required: true, maxlength: PostLimits.commentTextMax * 2 })
  text!: string;

  /** The top-level comment a reply sits under; null for a top-level comment. */
  @Prop({ type: MongooseSchema.Types.ObjectId, default: null })
  parentId!: Types.ObjectId | null;

  /** The author of the comment replied to. */
  @Prop({ type: MongooseSchema.Types.ObjectId, default: null })
  replyToUserId!: Types.ObjectId | null;

  @Prop({ type: String, enum: ContentStatuses, required: true })
  status!: ContentStatus;

  @Prop({ type: Date, default: null })
  deletedAt!: Date | null;
}

export const CommentSchema = SchemaFactory.createForClass(Comment);
CommentSchema.index({ postId: 1, parentId: 1, createdAt: 1, _id: 1 });
/** The admins' review queue. */
CommentSchema.index({ circleId: 1, status: 1, _id: -1 });

@Schema({ collection: 'post_reports', timestamps: true, versionKey: false })
export class Report {
  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  circleId!: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  postId!: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  reporterId!: Types.ObjectId;

  @Prop({ type: String, required: true, maxlength: PostLimits.reportReasonMax * 2 })
  reason!: string;

  @Prop({ type: String, enum: ReportStatuses, default: 'open' })
  status!: ReportStatus;

  @Prop({ type: String, enum: [...ReportActions, null], default: null })
  resolution!: ReportAction | null;

  @Prop({ type: MongooseSchema.Types.ObjectId, default: null })
  resolvedBy!: Types.ObjectId | null;

  @Prop({ type: Date, default: null })
  resolvedAt!: Date | null;
}

export const ReportSchema = SchemaFactory.createForClass(Report);
/** A member reports a post once; reporting again returns the same report. */
ReportSchema.index({ postId: 1, reporterId: 1 }, { unique: true });
/** The admins' report queue. */
ReportSchema.index({ circleId: 1, status: 1, _id: -1 });

export type PostRecord = Post & { _id: Types.ObjectId; createdAt: Date; updatedAt: Date };
export type CommentRecord = Comment & { _id: Types.ObjectId; createdAt: Date; updatedAt: Date };
export type ReportRecord = Report & { _id: Types.ObjectId; createdAt: Date; updatedAt: Date };
