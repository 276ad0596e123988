import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { DirectJoinChannel } from '@quanzi/contract';
import { Model, trusted, type ClientSession } from 'mongoose';
import { DomainEventBus } from '../bus/domain-event-bus';
import type { DomainEvent, DomainEventMap, DomainEventName } from '../bus/domain-events';
import { shanghaiDay } from '../common/china-time';
import { KeyedLock } from '../common/keyed-lock';
import { oid } from '../common/object-id';
import { UnitOfWork } from '../database/unit-of-work';
import { daysBetween, monthPeriod, weekOf, weekPeriod } from './analytics-days';
import {
  ChannelDay,
  CircleDay,
  CirclePeriod,
  Cohort,
  EventFunnel,
  EventStep,
  InviteDay,
  MemberDay,
  MemberFacts,
  MemberPeriod,
  PollFunnel,
  PollStep,
  type MemberFactsRecord,
} from './analytics.schema';

const DUPLICATE_KEY = 11000;

/** Logged actions that make a member active that day, and the content counter each bumps. */
const ACTIVE_ACTIONS: Partial<Record<DomainEventName, keyof ContentCounts>> = {
  'post.created': 'posts',
  'comment.created': 'comments',
  'post.liked': 'likes',
  'poll.responded': 'votes',
  'registration.confirmed': 'signups',
  'checkin.recorded': 'checkins',
};

interface ContentCounts {
  posts: number;
  comments: number;
  likes: number;
  votes: number;
  signups: number;
  checkins: number;
}

type FunnelStep = 'viewed' | 'signedUp' | 'confirmed' | 'paid' | 'checkedIn';

/** Every event the recorder reads (the rebuild replays exactly these from the activity log). */
export const RECORDED_EVENTS: DomainEventName[] = [
  'member.joined',
  'member.left',
  'invite.clicked',
  'event.viewed',
  'registration.promoted',
  'order.paid',
  'order.refunded',
  'poll.viewed',
  ...(Object.keys(ACTIVE_ACTIONS) as DomainEventName[]),
];

type Inc = Record<string, number>;

/**
 * Keeps the analytics rollups current from domain events. Each event's writes commit together
 * (one unit of work), and events of one circle queue up in this process rather than conflict.
 *
 * The numbers here are statistics over events, not stored counts of rows another collection
 * holds, so the counter audit does not cover them (except `dau`/`active`, counts of seen rows);
 * `AnalyticsRebuildService` recomputes a circle from the activity log when they must be trusted again.
 */
@Injectable()
export class AnalyticsRecorder implements OnModuleInit {
  private readonly lock = new KeyedLock();

  constructor(
    private readonly bus: DomainEventBus,
    private readonly uow: UnitOfWork,
    @InjectModel(CircleDay.name) private readonly circleDays: Model<CircleDay>,
    @InjectModel(MemberDay.name) private readonly memberDays: Model<MemberDay>,
    @InjectModel(CirclePeriod.name) private readonly circlePeriods: Model<CirclePeriod>,
    @InjectModel(MemberPeriod.name) private readonly memberPeriods: Model<MemberPeriod>,
    @InjectModel(ChannelDay.name) private readonly channelDays: Model<ChannelDay>,
    @InjectModel(InviteDay.name) private readonly inviteDays: Model<InviteDay>,
    @InjectModel(Cohort.name) private readonly cohorts: Model<Cohort>,
    @InjectModel(MemberFacts.name) private readonly facts: Model<MemberFacts>,
    @InjectModel(EventFunnel.name) private readonly funnels: Model<EventFunnel>,
    @InjectModel(EventStep.name) private readonly steps: Model<EventStep>,
    @InjectModel(PollFunnel.name) private readonly pollFunnels: Model<PollFunnel>,
    @InjectModel(PollStep.name) private readonly pollSteps: Model<PollStep>,
  ) {}

  onModuleInit(): void {
    for (const name of RECORDED_EVENTS) this.bus.subscribe(name, (event) => this.record(event));
  }

  async record(event: DomainEvent): Promise<void> {
    const circleId = event.payload.circleId;
    if (!circleId) return;
    const write = () => this.uow.run((session) => this.apply(event, circleId, session));
    await this.lock.run(circleId, () =>
      write().catch((error: { code?: unknown }) => {
        // Another process inserted the same rollup or seen row first: the retry finds it.
        if (error?.code !== DUPLICATE_KEY) throw error;
        return write();
      }),
    );
  }

  /** Applies one event's changes inside `session` (also used by the rebuild). */
  async apply(event: DomainEvent, circleId: string, session: ClientSession): Promise<void> {
    const day = shanghaiDay(event.at);
    const actorId = event.payload.actorId;
    switch (event.name) {
      case 'member.joined': {
        const p = (event as DomainEvent<'member.joined'>).payload;
        return this.joined(circleId, p.actorId, p.inviteCode, p.inviterId, p.channel, event.at, session);
      }
      case 'member.left': {
        const facts = await this.factsOf(circleId, event.payload.actorId!, session);
        return this.bump(
          this.channelDays,
          { circleId: oid(circleId), day, channel: facts?.channel ?? DirectJoinChannel },
          { leaves: 1 },
          session,
        );
      }
      case 'invite.clicked': {
        const code = (event as DomainEvent<'invite.clicked'>).payload.inviteCode;
        return this.bump(this.inviteDays, { circleId: oid(circleId), day, inviteCode: code }, { clicks: 1 }, session);
      }
      case 'event.viewed':
        return this.funnelStep(circleId, event as DomainEvent<'event.viewed'>, ['viewed'], session);
      case 'registration.promoted': {
        const p = (event as DomainEvent<'registration.promoted'>).payload;
        // A promotion to a confirmed seat is also published as registration.confirmed.
        if (p.status === 'confirmed') return;
        return this.funnelStep(circleId, event as DomainEvent<'registration.promoted'>, ['signedUp'], session);
      }
      case 'poll.viewed': {
        const p = (event as DomainEvent<'poll.viewed'>).payload;
        return this.pollStep(circleId, p.pollId, p.actorId, ['viewed'], session);
      }
      case 'order.paid':
      case 'order.refunded': {
        const p = (event as DomainEvent<'order.paid' | 'order.refunded'>).payload;
        const fen = event.name === 'order.paid' ? p.amountFen : -(p as DomainEventMap['order.refunded']).amountFen;
        return this.paid(circleId, p.actorId, day, fen, session);
      }
      default:
        break;
    }
    const counter = ACTIVE_ACTIONS[event.name];
    if (!counter || !actorId) return;
    await this.active(circleId, actorId, day, event.at, counter, session);
    if (event.name === 'registration.confirmed') {
      const p = (event as DomainEvent<'registration.confirmed'>).payload;
      const steps: FunnelStep[] = ['signedUp', 'confirmed', ...(p.priceFen > 0 ? (['paid'] as const) : [])];
      await this.funnelStep(circleId, event as DomainEvent<'registration.confirmed'>, steps, session);
    }
    if (event.name === 'poll.responded') {
      const p = (event as DomainEvent<'poll.responded'>).payload;
      await this.pollStep(circleId, p.pollId, actorId, ['viewed', 'answered'], session);
    }
    if (event.name === 'checkin.recorded') {
      await this.funnelStep(circleId, event as DomainEvent<'checkin.recorded'>, ['checkedIn'], session);
    }
  }

  private async joined(
    circleId: string,
    userId: string,
    inviteCode: string | null,
    inviterId: string | null,
    channel: string | null,
    at: Date,
    session: ClientSession,
  ): Promise<void> {
    const day = shanghaiDay(at);
    const joinChannel = inviteCode ? (channel ?? DirectJoinChannel) : DirectJoinChannel;
    const circle = oid(circleId);
    // A rejoin starts the member's story again (new cohort, new D7/D30 window).
    await this.facts.updateOne(
      { circleId: circle, userId: oid(userId) },
      {
        $set: {
          channel: joinChannel,
          inviteCode,
          inviterId: inviterId ? oid(inviterId) : null,
          joinedAt: at,
          joinDay: day,
          joinWeek: weekOf(day),
          d7: false,
          d30: false,
        },
        $setOnInsert: { lastActiveAt: null },
      },
      { upsert: true, session },
    );
    await this.bump(this.channelDays, { circleId: circle, day, channel: joinChannel }, { joins: 1 }, session);
    if (inviteCode) await this.bump(this.inviteDays, { circleId: circle, day, inviteCode }, { joins: 1 }, session);
    await this.bump(this.cohorts, { circleId: circle, week: weekOf(day), channel: joinChannel }, { size: 1 }, session);
  }

  private async active(
    circleId: string,
    userId: string,
    day: string,
    at: Date,
    counter: keyof ContentCounts,
    session: ClientSession,
  ): Promise<void> {
    const circle = oid(circleId);
    const user = oid(userId);
    const dayInc: Inc = { [counter]: 1 };
    const memberDay = await this.memberDays.updateOne(
      { circleId: circle, day, userId: user },
      { $inc: { [counter]: 1 } },
      { upsert: true, session },
    );
    if (memberDay.upsertedCount > 0) dayInc.dau = 1;
    await this.bump(this.circleDays, { circleId: circle, day }, dayInc, session);

    const facts = await this.factsOf(circleId, userId, session);
    for (const period of [weekPeriod(day), monthPeriod(day)]) {
      if (!(await this.firstSeen(this.memberPeriods, { circleId: circle, period, userId: user }, session))) continue;
      await this.circlePeriods.updateOne(
        { circleId: circle, period },
        { $inc: { active: 1 } },
        { upsert: true, session },
      );
      const weeksIn = facts ? daysBetween(facts.joinWeek, weekOf(day)) / 7 : -1;
      if (period.startsWith('w:') && facts && weeksIn >= 0) {
        await this.bump(
          this.cohorts,
          { circleId: circle, week: facts.joinWeek, channel: facts.channel },
          { [`active.${weeksIn}`]: 1 },
          session,
        );
      }
    }
    if (!facts) return;
    await this.facts.updateOne(
      { _id: facts._id, lastActiveAt: trusted({ $not: { $gt: at } }) },
      { $set: { lastActiveAt: at } },
      { session },
    );
    // "Still active after 7 / 30 days": the first action that late, credited to the join day.
    const since = daysBetween(facts.joinDay, day);
    const late: Inc = {};
    for (const [flag, days] of [
      ['d7', 7],
      ['d30', 30],
    ] as const) {
      if (since < days || facts[flag]) continue;
      const res = await this.facts.updateOne(
        { _id: facts._id, [flag]: false },
        { $set: { [flag]: true } },
        { session },
      );
      if (res.modifiedCount > 0) late[flag === 'd7' ? 'activeD7' : 'activeD30'] = 1;
    }
    const attributed: Inc = { ...late };
    const attributedToday: Inc = {};
    if (counter === 'signups' || counter === 'checkins') attributedToday[counter] = 1;
    const byChannel = { circleId: circle, channel: facts.channel };
    if (Object.keys(attributed).length > 0)
      await this.bump(this.channelDays, { ...byChannel, day: facts.joinDay }, attributed, session);
    if (Object.keys(attributedToday).length > 0)
      await this.bump(this.channelDays, { ...byChannel, day }, attributedToday, session);
    if (facts.inviteCode) {
      const byInvite = { circleId: circle, inviteCode: facts.inviteCode };
      if (Object.keys(attributed).length > 0)
        await this.bump(this.inviteDays, { ...byInvite, day: facts.joinDay }, attributed, session);
      if (Object.keys(attributedToday).length > 0)
        await this.bump(this.inviteDays, { ...byInvite, day }, attributedToday, session);
    }
  }

  /**
   * Money of a payer credited to the channel they joined through, on the day it moved: a refund
   * (`fen` < 0, this refund's amount) takes it back, so a channel's sum over a range is net revenue.
   * Payers with no join on record here (members from before analytics) are not attributed.
   */
  private async paid(circleId: string, userId: string, day: string, fen: number, session: ClientSession) {
    const facts = await this.factsOf(circleId, userId, session);
    if (!facts || fen === 0) return;
    const circle = oid(circleId);
    await this.bump(this.channelDays, { circleId: circle, day, channel: facts.channel }, { paidFen: fen }, session);
    if (facts.inviteCode)
      await this.bump(
        this.inviteDays,
        { circleId: circle, day, inviteCode: facts.inviteCode },
        { paidFen: fen },
        session,
      );
  }

  /** Counts a member once per step of a poll's funnel (an answer implies the poll was read). */
  private async pollStep(
    circleId: string,
    pollId: string,
    userId: string,
    steps: ('viewed' | 'answered')[],
    session: ClientSession,
  ): Promise<void> {
    const inc: Inc = {};
    for (const step of steps) {
      const seen = { circleId: oid(circleId), pollId: oid(pollId), step, userId: oid(userId) };
      if (await this.firstSeen(this.pollSteps, seen, session)) inc[step] = 1;
    }
    if (Object.keys(inc).length > 0)
      await this.bump(this.pollFunnels, { circleId: oid(circleId), pollId: oid(pollId) }, inc, session);
  }

  private async funnelStep(
    circleId: string,
    event: DomainEvent<'event.viewed' | 'registration.confirmed' | 'registration.promoted' | 'checkin.recorded'>,
    steps: FunnelStep[],
    session: ClientSession,
  ): Promise<void> {
    const { eventId, actorId } = event.payload;
    const inc: Inc = {};
    for (const step of steps) {
      const seen = { circleId: oid(circleId), eventId: oid(eventId), step, userId: oid(actorId) };
      if (await this.firstSeen(this.steps, seen, session)) inc[step] = 1;
    }
    if (Object.keys(inc).length === 0) return;
    const facts = await this.factsOf(circleId, actorId, session);
    const key = { circleId: oid(circleId), eventId: oid(eventId), inviteCode: facts?.inviteCode ?? '' };
    await this.bump(this.funnels, key, inc, session);
  }

  private factsOf(circleId: string, userId: string, session: ClientSession): Promise<MemberFactsRecord | null> {
    return this.facts
      .findOne({ circleId: oid(circleId), userId: oid(userId) })
      .session(session)
      .lean<MemberFactsRecord>();
  }

  /** Inserts a seen row unless present; true when this call inserted it. */
  private async firstSeen<T>(model: Model<T>, key: Record<string, unknown>, session: ClientSession): Promise<boolean> {
    const res = await model.updateOne(key, { $setOnInsert: key }, { upsert: true, session });
    return res.upsertedCount > 0;
  }

  /** `$inc` of derived statistics on the rollup document `key`, created on first use. */
  private async bump<T>(
    model: Model<T>,
    key: Record<string, unknown>,
    inc: Inc,
    session: ClientSession,
  ): Promise<void> {
    await model.updateOne(key, { $inc: inc }, { upsert: true, session });
  }
}
