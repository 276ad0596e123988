import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import {
  TagRuleActivities,
  TagRuleCountModes,
  TagRuleTargetTypes,
  type TagRuleActivity,
  type TagRuleCountMode,
  type TagRuleBackfillStatus,
  type TagRuleTargetType,
} from '@quanzi/contract';
import { Schema as MongooseSchema, Types } from 'mongoose';

/** "When <activity> happens `threshold` times (or on that many days) within `windowDays` days → add `tagId`." */
@Schema({ collection: 'tag_rules', versionKey: false, timestamps: true })
export class TagRule {
  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  circleId!: Types.ObjectId;

  @Prop({ type: String, required: true })
  name!: string;

  @Prop({ type: String, required: true, enum: TagRuleActivities })
  activity!: TagRuleActivity;

  @Prop({ type: String, required: true, enum: TagRuleCountModes, default: 'times' })
  countBy!: TagRuleCountMode;

  @Prop({ type: Number, required: true })
  threshold!: number;

  @Prop({ type: Number, required: true })
  windowDays!: number;

  @Prop({ type: String, enum: [...TagRuleTargetTypes, null], default: null })
  targetType!: TagRuleTargetType | null;

  @Prop({ type: String, default: null })
  targetId!: string | null;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  tagId!: Types.ObjectId;

  /** `keyword` rules: the keywords a message must contain, lower-cased (tag-rule-keywords.ts). */
  @Prop({ type: [String], default: [] })
  keywords!: string[];

  @Prop({ type: Boolean, required: true, default: true })
  enabled!: boolean;

  /** Members tagged by this rule; `$inc`ed in the transaction that inserts its grant row. */
  @Prop({ type: Number, required: true, default: 0 })
  grantedCount!: number;

  /** The latest backfill's state (TagRuleBackfills), null until one is asked for. */
  @Prop({ type: Object, default: null })
  backfill!: TagRuleBackfillState | null;

  createdAt!: Date;
  updatedAt!: Date;
}
export const TagRuleSchema = SchemaFactory.createForClass(TagRule);

export interface TagRuleBackfillState {
  status: TagRuleBackfillStatus;
  requestedAt: Date;
  finishedAt: Date | null;
  membersEvaluated: number | null;
  newlyTagged: number | null;
  error: string | null;
}
// Every domain event looks up the enabled rules of its circle and activity.
TagRuleSchema.index({ circleId: 1, activity: 1, enabled: 1 });
// The admin list, newest first.
TagRuleSchema.index({ circleId: 1, _id: -1 });
export type TagRuleRecord = TagRule & { _id: Types.ObjectId };

/**
 * One counted unit of an activity for a member (the event checked in at, the post, the invitee…),
 * kept only for activities some rule of the circle watches. The unique key makes a re-delivered
 * event or a second check-in at the same event count once; `at` is when it first happened.
 */
@Schema({ collection: 'tag_rule_progress', versionKey: false })
export class TagRuleProgress {
  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  circleId!: Types.ObjectId;

  @Prop({ type: String, required: true })
  activity!: TagRuleActivity;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  userId!: Types.ObjectId;

  @Prop({ type: String, required: true })
  unit!: string;

  @Prop({ type: String, default: null })
  targetId!: string | null;

  @Prop({ type: Date, required: true })
  at!: Date;

  /** China-time day of `at`, for "on N distinct days". */
  @Prop({ type: String, required: true })
  day!: string;
}
export const TagRuleProgressSchema = SchemaFactory.createForClass(TagRuleProgress);
TagRuleProgressSchema.index({ circleId: 1, activity: 1, userId: 1, unit: 1 }, { unique: true });
// Window counts: one member's units of one activity in a time range.
TagRuleProgressSchema.index({ circleId: 1, activity: 1, userId: 1, at: 1 });
export type TagRuleProgressRecord = TagRuleProgress & { _id: Types.ObjectId };

/** A rule applied its tag to a member: at most once per (rule, member, tag), by unique index. */
@Schema({ collection: 'tag_rule_grants', versionKey: false })
export class TagRuleGrant {
  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  ruleId!: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  userId!: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  tagId!: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  circleId!: Types.ObjectId;

  @Prop({ type: Date, required: true })
  at!: Date;
}
export const TagRuleGrantSchema = SchemaFactory.createForClass(TagRuleGrant);
TagRuleGrantSchema.index({ ruleId: 1, userId: 1, tagId: 1 }, { unique: true });
