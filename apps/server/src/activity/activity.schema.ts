import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema, Types } from 'mongoose';

/** One row per domain event: the raw material for analytics, member timelines and audits. */
@Schema({ collection: 'activities', versionKey: false })
export class Activity {
  @Prop({ type: String, required: true })
  type!: string;

  @Prop({ type: MongooseSchema.Types.ObjectId, default: null })
  circleId!: Types.ObjectId | null;

  @Prop({ type: MongooseSchema.Types.ObjectId, default: null })
  actorId!: Types.ObjectId | null;

  /** The event payload as published. */
  @Prop({ type: MongooseSchema.Types.Mixed, required: true })
  data!: Record<string, unknown>;

  @Prop({ type: Date, required: true })
  at!: Date;
}

export const ActivitySchema = SchemaFactory.createForClass(Activity);
ActivitySchema.index({ circleId: 1, at: -1 });
ActivitySchema.index({ circleId: 1, type: 1, at: -1 });
ActivitySchema.index({ actorId: 1, at: -1 });

/**
 * Count of one event type in one circle on one day (Asia/Shanghai calendar day), kept current
 * by `$inc` upserts in the transaction that appends the event, so dashboards read O(days) documents,
 * never the raw log, and the count always equals the log rows.
 */
@Schema({ collection: 'activity_rollups', versionKey: false })
export class ActivityRollup {
  @Prop({ type: MongooseSchema.Types.ObjectId, default: null })
  circleId!: Types.ObjectId | null;

  /** `YYYY-MM-DD` in China time, the day operators think in. */
  @Prop({ type: String, required: true })
  day!: string;

  @Prop({ type: String, required: true })
  type!: string;

  @Prop({ type: Number, required: true, default: 0 })
  count!: number;
}

export const ActivityRollupSchema = SchemaFactory.createForClass(ActivityRollup);
ActivityRollupSchema.index({ circleId: 1, day: 1, type: 1 }, { unique: true });
ActivityRollupSchema.index({ day: 1 });

export type ActivityRecord = Activity & { _id: Types.ObjectId };
export type ActivityRollupRecord = ActivityRollup & { _id: Types.ObjectId };
