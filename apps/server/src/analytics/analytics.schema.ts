import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema, Types } from 'mongoose';

/*
 * Pre-aggregated collections behind the circle dashboards. The recorder keeps them current from
 * domain events, so a dashboard reads O(days × channels) documents whatever the volume of the
 * activity log. "Seen" rows (member-day, member-period, funnel step) make distinct counts exact:
 * a count is bumped only when its seen row is inserted, in the same transaction.
 */

const oidProp = { type: MongooseSchema.Types.ObjectId, required: true };

/** Per circle per China day: distinct active members and content counts. */
@Schema({ collection: 'analytics_circle_days', versionKey: false })
export class CircleDay {
  @Prop(oidProp) circleId!: Types.ObjectId;
  @Prop({ type: String, required: true }) day!: string;
  @Prop({ type: Number, default: 0 }) dau!: number;
  @Prop({ type: Number, default: 0 }) posts!: number;
  @Prop({ type: Number, default: 0 }) comments!: number;
  @Prop({ type: Number, default: 0 }) likes!: number;
  @Prop({ type: Number, default: 0 }) votes!: number;
  @Prop({ type: Number, default: 0 }) signups!: number;
  @Prop({ type: Number, default: 0 }) checkins!: number;
}
export const CircleDaySchema = SchemaFactory.createForClass(CircleDay);
CircleDaySchema.index({ circleId: 1, day: 1 }, { unique: true });

/** A member's actions in the circle on that day: dedupes `dau`, and feeds the engagement scores. */
@Schema({ collection: 'analytics_member_days', versionKey: false })
export class MemberDay {
  @Prop(oidProp) circleId!: Types.ObjectId;
  @Prop({ type: String, required: true }) day!: string;
  @Prop(oidProp) userId!: Types.ObjectId;
  @Prop({ type: Number, default: 0 }) posts!: number;
  @Prop({ type: Number, default: 0 }) comments!: number;
  @Prop({ type: Number, default: 0 }) likes!: number;
  @Prop({ type: Number, default: 0 }) votes!: number;
  @Prop({ type: Number, default: 0 }) signups!: number;
  @Prop({ type: Number, default: 0 }) checkins!: number;
}
export const MemberDaySchema = SchemaFactory.createForClass(MemberDay);
MemberDaySchema.index({ circleId: 1, day: 1, userId: 1 }, { unique: true });

/** Distinct active members per calendar week (`w:<monday>`) or month (`m:YYYY-MM`). */
@Schema({ collection: 'analytics_circle_periods', versionKey: false })
export class CirclePeriod {
  @Prop(oidProp) circleId!: Types.ObjectId;
  @Prop({ type: String, required: true }) period!: string;
  @Prop({ type: Number, default: 0 }) active!: number;
}
export const CirclePeriodSchema = SchemaFactory.createForClass(CirclePeriod);
CirclePeriodSchema.index({ circleId: 1, period: 1 }, { unique: true });

/** A member was active in that week/month (dedupes `active` and cohort retention). */
@Schema({ collection: 'analytics_member_periods', versionKey: false })
export class MemberPeriod {
  @Prop(oidProp) circleId!: Types.ObjectId;
  @Prop({ type: String, required: true }) period!: string;
  @Prop(oidProp) userId!: Types.ObjectId;
}
export const MemberPeriodSchema = SchemaFactory.createForClass(MemberPeriod);
MemberPeriodSchema.index({ circleId: 1, period: 1, userId: 1 }, { unique: true });

/** Joins and leavers per circle, day and join channel; activeD7/30 filed under the join day. */
@Schema({ collection: 'analytics_channel_days', versionKey: false })
export class ChannelDay {
  @Prop(oidProp) circleId!: Types.ObjectId;
  @Prop({ type: String, required: true }) day!: string;
  @Prop({ type: String, required: true }) channel!: string;
  @Prop({ type: Number, default: 0 }) joins!: number;
  @Prop({ type: Number, default: 0 }) leaves!: number;
  @Prop({ type: Number, default: 0 }) activeD7!: number;
  @Prop({ type: Number, default: 0 }) activeD30!: number;
  @Prop({ type: Number, default: 0 }) signups!: number;
  @Prop({ type: Number, default: 0 }) checkins!: number;
  /** Money paid that day by members who joined through the channel, net of refunds (分). */
  @Prop({ type: Number, default: 0 }) paidFen!: number;
}
export const ChannelDaySchema = SchemaFactory.createForClass(ChannelDay);
ChannelDaySchema.index({ circleId: 1, day: 1, channel: 1 }, { unique: true });

/** The same per invite code, plus link clicks. */
@Schema({ collection: 'analytics_invite_days', versionKey: false })
export class InviteDay {
  @Prop(oidProp) circleId!: Types.ObjectId;
  @Prop({ type: String, required: true }) day!: string;
  @Prop({ type: String, required: true }) inviteCode!: string;
  @Prop({ type: Number, default: 0 }) clicks!: number;
  @Prop({ type: Number, default: 0 }) joins!: number;
  @Prop({ type: Number, default: 0 }) activeD7!: number;
  @Prop({ type: Number, default: 0 }) activeD30!: number;
  @Prop({ type: Number, default: 0 }) signups!: number;
  @Prop({ type: Number, default: 0 }) checkins!: number;
  @Prop({ type: Number, default: 0 }) paidFen!: number;
}
export const InviteDaySchema = SchemaFactory.createForClass(InviteDay);
InviteDaySchema.index({ circleId: 1, day: 1, inviteCode: 1 }, { unique: true });

/** Weekly join cohort of one channel: its size and how many were active k weeks after (`active.k`). */
@Schema({ collection: 'analytics_cohorts', versionKey: false })
export class Cohort {
  @Prop(oidProp) circleId!: Types.ObjectId;
  @Prop({ type: String, required: true }) week!: string;
  @Prop({ type: String, required: true }) channel!: string;
  @Prop({ type: Number, default: 0 }) size!: number;
  @Prop({ type: MongooseSchema.Types.Mixed, default: () => ({}) }) active!: Record<string, number>;
}
export const CohortSchema = SchemaFactory.createForClass(Cohort);
CohortSchema.index({ circleId: 1, week: 1, channel: 1 }, { unique: true });

/** What analytics remembers of one membership: how and when they joined, when last active. */
@Schema({ collection: 'analytics_members', versionKey: false })
export class MemberFacts {
  @Prop(oidProp) circleId!: Types.ObjectId;
  @Prop(oidProp) userId!: Types.ObjectId;
  @Prop({ type: String, required: true }) channel!: string;
  @Prop({ type: String, default: null }) inviteCode!: string | null;
  @Prop({ type: MongooseSchema.Types.ObjectId, default: null }) inviterId!: Types.ObjectId | null;
  @Prop({ type: Date, required: true }) joinedAt!: Date;
  @Prop({ type: String, required: true }) joinDay!: string;
  @Prop({ type: String, required: true }) joinWeek!: string;
  @Prop({ type: Date, default: null }) lastActiveAt!: Date | null;
  /** Active again ≥ 7 / ≥ 30 days after joining (counted once). */
  @Prop({ type: Boolean, default: false }) d7!: boolean;
  @Prop({ type: Boolean, default: false }) d30!: boolean;
}
export const MemberFactsSchema = SchemaFactory.createForClass(MemberFacts);
MemberFactsSchema.index({ circleId: 1, userId: 1 }, { unique: true });

/** A member's engagement score as last recomputed, with its parts and explanation. */
@Schema({ collection: 'analytics_member_scores', versionKey: false })
export class MemberScore {
  @Prop(oidProp) circleId!: Types.ObjectId;
  @Prop(oidProp) userId!: Types.ObjectId;
  @Prop({ type: Number, required: true }) score!: number;
  @Prop({ type: String, required: true }) segment!: string;
  /** Days since the last action (null: none in the last 90 days). */
  @Prop({ type: Number, default: null }) recency!: number | null;
  @Prop({ type: Number, required: true }) frequency!: number;
  @Prop({ type: Number, required: true }) contribution!: number;
  @Prop({ type: MongooseSchema.Types.Mixed, required: true }) counts30!: Record<string, number>;
  @Prop({ type: Number, required: true }) invitees!: number;
  @Prop({ type: Number, required: true }) activeInvitees!: number;
  @Prop({ type: Date, default: null }) lastActiveAt!: Date | null;
  @Prop({ type: String, required: true }) explanation!: string;
  @Prop({ type: Date, required: true }) computedAt!: Date;
}
export const MemberScoreSchema = SchemaFactory.createForClass(MemberScore);
MemberScoreSchema.index({ circleId: 1, userId: 1 }, { unique: true });
MemberScoreSchema.index({ circleId: 1, segment: 1, score: -1 });
MemberScoreSchema.index({ circleId: 1, score: -1 });

/** Distinct people per event funnel step, per invite code of how they joined ('' for none). */
@Schema({ collection: 'analytics_event_funnels', versionKey: false })
export class EventFunnel {
  @Prop(oidProp) circleId!: Types.ObjectId;
  @Prop(oidProp) eventId!: Types.ObjectId;
  @Prop({ type: String, required: true }) inviteCode!: string;
  @Prop({ type: Number, default: 0 }) viewed!: number;
  @Prop({ type: Number, default: 0 }) signedUp!: number;
  @Prop({ type: Number, default: 0 }) confirmed!: number;
  @Prop({ type: Number, default: 0 }) paid!: number;
  @Prop({ type: Number, default: 0 }) checkedIn!: number;
}
export const EventFunnelSchema = SchemaFactory.createForClass(EventFunnel);
EventFunnelSchema.index({ eventId: 1, inviteCode: 1 }, { unique: true });

/** A person reached a funnel step of an event (dedupes the step counts). */
@Schema({ collection: 'analytics_event_steps', versionKey: false })
export class EventStep {
  @Prop(oidProp) circleId!: Types.ObjectId;
  @Prop(oidProp) eventId!: Types.ObjectId;
  @Prop({ type: String, required: true }) step!: string;
  @Prop(oidProp) userId!: Types.ObjectId;
}
export const EventStepSchema = SchemaFactory.createForClass(EventStep);
EventStepSchema.index({ eventId: 1, step: 1, userId: 1 }, { unique: true });

/** Distinct members who read / answered one poll. */
@Schema({ collection: 'analytics_poll_funnels', versionKey: false })
export class PollFunnel {
  @Prop(oidProp) circleId!: Types.ObjectId;
  @Prop(oidProp) pollId!: Types.ObjectId;
  @Prop({ type: Number, default: 0 }) viewed!: number;
  @Prop({ type: Number, default: 0 }) answered!: number;
}
export const PollFunnelSchema = SchemaFactory.createForClass(PollFunnel);
PollFunnelSchema.index({ pollId: 1 }, { unique: true });

/** A member reached a step of a poll's funnel (dedupes the step counts). */
@Schema({ collection: 'analytics_poll_steps', versionKey: false })
export class PollStep {
  @Prop(oidProp) circleId!: Types.ObjectId;
  @Prop(oidProp) pollId!: Types.ObjectId;
  @Prop({ type: String, required: true }) step!: string;
  @Prop(oidProp) userId!: Types.ObjectId;
}
export const PollStepSchema = SchemaFactory.createForClass(PollStep);
PollStepSchema.index({ pollId: 1, step: 1, userId: 1 }, { unique: true });

export type CircleDayRecord = CircleDay & { _id: Types.ObjectId };
export type ChannelDayRecord = ChannelDay & { _id: Types.ObjectId };
export type InviteDayRecord = InviteDay & { _id: Types.ObjectId };
export type CohortRecord = Cohort & { _id: Types.ObjectId };
export type MemberFactsRecord = MemberFacts & { _id: Types.ObjectId };
export type EventFunnelRecord = EventFunnel & { _id: Types.ObjectId };
export type PollFunnelRecord = PollFunnel & { _id: Types.ObjectId };
export type MemberDayRecord = MemberDay & { _id: Types.ObjectId };
export type MemberScoreRecord = MemberScore & { _id: Types.ObjectId };

export const ANALYTICS_MODELS = [
  { name: CircleDay.name, schema: CircleDaySchema },
  { name: MemberDay.name, schema: MemberDaySchema },
  { name: CirclePeriod.name, schema: CirclePeriodSchema },
  { name: MemberPeriod.name, schema: MemberPeriodSchema },
  { name: ChannelDay.name, schema: ChannelDaySchema },
  { name: InviteDay.name, schema: InviteDaySchema },
  { name: Cohort.name, schema: CohortSchema },
  { name: MemberFacts.name, schema: MemberFactsSchema },
  { name: EventFunnel.name, schema: EventFunnelSchema },
  { name: EventStep.name, schema: EventStepSchema },
  { name: PollFunnel.name, schema: PollFunnelSchema },
  { name: PollStep.name, schema: PollStepSchema },
  { name: MemberScore.name, schema: MemberScoreSchema },
];
