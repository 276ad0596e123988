import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import {
  PollKinds,
  PollLimits,
  QuestionTypes,
  ResultsVisibilities,
  type PollKind,
  type QuestionType,
  type ResultsVisibility,
} from '@quanzi/contract';
import { Schema as MongooseSchema, Types } from 'mongoose';

@Schema({ _id: false, versionKey: false })
export class PollOption {
  @Prop({ type: String, required: true })
  id!: string;

  @Prop({ type: String, required: true, maxlength: PollLimits.optionLabelMax * 2 })
  label!: string;

  @Prop({ type: String, default: null })
  tagId!: string | null;
}
const PollOptionSchema = SchemaFactory.createForClass(PollOption);

@Schema({ _id: false, versionKey: false })
export class PollQuestion {
  @Prop({ type: String, required: true })
  id!: string;

  @Prop({ type: String, enum: QuestionTypes, required: true })
  type!: QuestionType;

  @Prop({ type: String, required: true, maxlength: PollLimits.questionTitleMax * 2 })
  title!: string;

  @Prop({ type: Boolean, default: false })
  required!: boolean;

  @Prop({ type: Number, default: null })
  maxChoices!: number | null;

  @Prop({ type: [PollOptionSchema], default: [] })
  options!: PollOption[];
}
const PollQuestionSchema = SchemaFactory.createForClass(PollQuestion);

@Schema({ collection: 'polls', timestamps: true, versionKey: false })
export class Poll {
  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  circleId!: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  createdBy!: Types.ObjectId;

  @Prop({ type: String, required: true, maxlength: PollLimits.titleMax * 2 })
  title!: string;

  @Prop({ type: String, default: '', maxlength: PollLimits.descriptionMax * 2 })
  description!: string;

  @Prop({ type: String, enum: PollKinds, required: true })
  kind!: PollKind;

  @Prop({ type: [PollQuestionSchema], required: true })
  questions!: PollQuestion[];

  /** Fixed at creation: turning it on later could not un-store the user ids already kept. */
  @Prop({ type: Boolean, default: false })
  anonymous!: boolean;

  @Prop({ type: Date, default: null })
  closesAt!: Date | null;

  /** Set when an admin closes the poll early. */
  @Prop({ type: Date, default: null })
  closedAt!: Date | null;

  @Prop({ type: String, enum: ResultsVisibilities, required: true })
  resultsVisibility!: ResultsVisibility;

  /** Preset tags every respondent receives. */
  @Prop({ type: [String], default: [] })
  tagIds!: string[];

  /** Bumped whenever questions change; a response validated against older questions is refused. */
  @Prop({ type: Number, default: 0 })
  questionsRevision!: number;

  /** Changed only by `$inc` in the transaction that stores a response. */
  @Prop({ type: Number, default: 0 })
  responseCount!: number;
}
export const PollSchema = SchemaFactory.createForClass(Poll);
/** A circle's polls, newest first, paged by id. */
PollSchema.index({ circleId: 1, _id: -1 });

@Schema({ _id: false, versionKey: false })
export class StoredAnswer {
  @Prop({ type: String, required: true })
  questionId!: string;

  @Prop({ type: [String], default: undefined })
  optionIds?: string[];

  @Prop({ type: String, default: undefined, maxlength: PollLimits.textAnswerMax * 2 })
  text?: string;

  @Prop({ type: Number, default: undefined })
  rating?: number;
}
const StoredAnswerSchema = SchemaFactory.createForClass(StoredAnswer);

/**
 * One member's answers. On an anonymous poll the document must not lead back to the member:
 * no `userId` field at all, a random string `_id` (an ObjectId would carry the insert second),
 * only the Asia/Shanghai day, and nothing shared with the participation row.
 */
@Schema({ collection: 'poll_responses', timestamps: false, versionKey: false })
export class PollResponse {
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  pollId!: Types.ObjectId;

  /** Named polls only; absent (not null) on anonymous ones. */
  @Prop({ type: MongooseSchema.Types.ObjectId, default: undefined })
  userId?: Types.ObjectId;

  /** Named polls only. */
  @Prop({ type: Date, default: undefined })
  respondedAt?: Date;

  /** Asia/Shanghai calendar day, the only time an anonymous response keeps. */
  @Prop({ type: String, required: true })
  day!: string;

  @Prop({ type: [StoredAnswerSchema], required: true })
  answers!: StoredAnswer[];
}
export const PollResponseSchema = SchemaFactory.createForClass(PollResponse);
/** Tallies, text answers and export scan one poll's responses in random-id order. */
PollResponseSchema.index({ pollId: 1, _id: 1 });
/** A named poll's own answers (detail's myResponse); anonymous rows have no userId and are left out. */
PollResponseSchema.index(
  { pollId: 1, userId: 1 },
  { unique: true, partialFilterExpression: { userId: { $exists: true } } },
);

/**
 * "This member has answered this poll", for every poll kind: the unique index is what makes a
 * response once-only, even under concurrent submits. The key is a one-way HMAC of poll and
 * user, so the row names nobody and holds nothing about the answers.
 */
@Schema({ collection: 'poll_participations', timestamps: false, versionKey: false })
export class PollParticipation {
  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  pollId!: Types.ObjectId;

  @Prop({ type: String, required: true })
  marker!: string;
}
export const PollParticipationSchema = SchemaFactory.createForClass(PollParticipation);
PollParticipationSchema.index({ pollId: 1, marker: 1 }, { unique: true });

/** One row per (poll, member) who read it: `poll.viewed` is published only when the row is new. */
@Schema({ collection: 'poll_views', timestamps: false, versionKey: false })
export class PollViewMark {
  @Prop({ type: MongooseSchema.Types.ObjectId, required: true }) pollId!: Types.ObjectId;
  @Prop({ type: MongooseSchema.Types.ObjectId, required: true }) userId!: Types.ObjectId;
}
export const PollViewMarkSchema = SchemaFactory.createForClass(PollViewMark);
PollViewMarkSchema.index({ pollId: 1, userId: 1 }, { unique: true });

export type PollRecord = Poll & { _id: Types.ObjectId; createdAt: Date; updatedAt: Date };
export type PollResponseRecord = PollResponse;
