import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import {
  DirectJoinChannel,
  ErrorCode,
  PersonalInviteChannel,
  type AnalyticsOverview,
  type ChannelStatsResponse,
  type ChannelStatsView,
  type ContentDay,
  type DayKey,
  type EventFunnelView,
  type PollFunnelView,
  type GrowthDay,
  type RetentionResponse,
} from '@quanzi/contract';
import { Model, trusted } from 'mongoose';
import { MembershipsRepository } from '../circles/memberships.repository';
import { DomainError } from '../common/domain-error';
import { oid } from '../common/object-id';
import { InvitesService } from '../invites/invites.service';
import { daysBetween, eachDay, monthPeriod, ratio, weekOf, weekPeriod } from './analytics-days';
import {
  ChannelDay,
  CircleDay,
  CirclePeriod,
  Cohort,
  EventFunnel,
  PollFunnel,
  InviteDay,
  type ChannelDayRecord,
  type CircleDayRecord,
  type CohortRecord,
  type EventFunnelRecord,
  type PollFunnelRecord,
  type InviteDayRecord,
} from './analytics.schema';

const MAX_RANGE_DAYS = 366;

type Tally = Pick<ChannelStatsView, 'clicks' | 'joins' | 'activeD7' | 'activeD30' | 'signups' | 'checkins' | 'paidFen'>;
const emptyTally = (): Tally => ({
  clicks: 0,
  joins: 0,
  activeD7: 0,
  activeD30: 0,
  signups: 0,
  checkins: 0,
  paidFen: 0,
});
const addInto = (t: Tally, row: Partial<Tally>) => {
  for (const k of Object.keys(t) as (keyof Tally)[]) t[k] += row[k] ?? 0;
};

/** The circle dashboards: every answer is assembled from the rollups the recorder keeps. */
@Injectable()
export class AnalyticsService {
  constructor(
    @InjectModel(CircleDay.name) private readonly circleDays: Model<CircleDay>,
    @InjectModel(CirclePeriod.name) private readonly circlePeriods: Model<CirclePeriod>,
    @InjectModel(ChannelDay.name) private readonly channelDays: Model<ChannelDay>,
    @InjectModel(InviteDay.name) private readonly inviteDays: Model<InviteDay>,
    @InjectModel(Cohort.name) private readonly cohorts: Model<Cohort>,
    @InjectModel(EventFunnel.name) private readonly funnels: Model<EventFunnel>,
    @InjectModel(PollFunnel.name) private readonly pollFunnels: Model<PollFunnel>,
    private readonly memberships: MembershipsRepository,
    private readonly invites: InvitesService,
  ) {}

  async overview(circleId: string, from: DayKey, to: DayKey): Promise<AnalyticsOverview> {
    assertRange(from, to);
    const circle = oid(circleId);
    const [days, growth, periods, counts] = await Promise.all([
      this.circleDays.find({ circleId: circle, day: trusted({ $gte: from, $lte: to }) }).lean<CircleDayRecord[]>(),
      // From `from` on, to walk the member total back from today's.
      this.channelDays.find({ circleId: circle, day: trusted({ $gte: from }) }).lean<ChannelDayRecord[]>(),
      this.circlePeriods
        .find({ circleId: circle, period: trusted({ $in: [weekPeriod(to), monthPeriod(to)] }) })
        .lean<CirclePeriod[]>(),
      this.memberships.countByStatus(circleId),
    ]);
    const byDay = new Map(days.map((d) => [d.day, d]));
    const range = eachDay(from, to);

    const net = new Map<DayKey, number>();
    const joinsByDay = new Map<DayKey, GrowthDay>();
    for (const row of growth) {
      net.set(row.day, (net.get(row.day) ?? 0) + (row.joins ?? 0) - (row.leaves ?? 0));
      if (row.day > to) continue;
      const entry = joinsByDay.get(row.day) ?? { day: row.day, count: 0, byChannel: {}, left: 0, total: 0 };
      if (row.joins) {
        entry.count += row.joins;
        entry.byChannel[row.channel] = (entry.byChannel[row.channel] ?? 0) + row.joins;
      }
      entry.left += row.leaves ?? 0;
      joinsByDay.set(row.day, entry);
    }
    // Total at the end of day d = today's total − net change on every later day.
    let total = counts.active - [...net.entries()].filter(([d]) => d > to).reduce((s, [, n]) => s + n, 0);
    const newByDay: GrowthDay[] = [];
    for (const day of [...range].reverse()) {
      newByDay.push({ ...(joinsByDay.get(day) ?? { day, count: 0, byChannel: {}, left: 0 }), total });
      total -= net.get(day) ?? 0;
    }
    newByDay.reverse();

    const activeDays = range.map((day) => ({ day, dau: byDay.get(day)?.dau ?? 0 }));
    const content: ContentDay[] = range.map((day) => {
      const d = byDay.get(day);
      return {
        day,
        posts: d?.posts ?? 0,
        comments: d?.comments ?? 0,
        likes: d?.likes ?? 0,
        votes: d?.votes ?? 0,
        signups: d?.signups ?? 0,
        checkins: d?.checkins ?? 0,
      };
    });
    const wau = periods.find((p) => p.period === weekPeriod(to))?.active ?? 0;
    const mau = periods.find((p) => p.period === monthPeriod(to))?.active ?? 0;
    const meanDau = activeDays.reduce((s, d) => s + d.dau, 0) / range.length;
    return {
      members: { total: counts.active, pending: counts.pending, newByDay },
      active: { byDay: activeDays, wau, mau, stickiness: ratio(meanDau, mau) },
      content: { byDay: content },
    };
  }

  /** One row per admin invite link, one for all personal links, one for direct joins. */
  async channels(circleId: string, from: DayKey, to: DayKey): Promise<ChannelStatsResponse> {
    assertRange(from, to);
    const circle = oid(circleId);
    const inRange = { circleId: circle, day: trusted({ $gte: from, $lte: to }) };
    const [links, inviteRows, channelRows] = await Promise.all([
      this.invites.channelLinks(circleId),
      this.inviteDays.find(inRange).lean<InviteDayRecord[]>(),
      this.channelDays.find(inRange).lean<ChannelDayRecord[]>(),
    ]);
    const byCode = new Map<string, Tally>();
    for (const row of inviteRows) {
      const t = byCode.get(row.inviteCode) ?? emptyTally();
      addInto(t, row);
      byCode.set(row.inviteCode, t);
    }
    const byChannel = (channel: string) => {
      const t = emptyTally();
      for (const row of channelRows) if (row.channel === channel) addInto(t, { ...row, clicks: 0 });
      return t;
    };
    const linkCodes = new Set(links.map((l) => l.code));
    const personal = byChannel(PersonalInviteChannel);
    personal.clicks = [...byCode.entries()]
      .filter(([code]) => !linkCodes.has(code))
      .reduce((s, [, t]) => s + t.clicks, 0);
    const row = (channel: string, t: Tally, link?: { id: string; code: string }): ChannelStatsView => ({
      channel,
      ...(link ? { inviteId: link.id, inviteCode: link.code } : {}),
      ...t,
      joinRate: ratio(t.joins, t.clicks),
    });
    return {
      items: [
        ...links.map((l) => row(l.channel, byCode.get(l.code) ?? emptyTally(), l)),
        row(PersonalInviteChannel, personal),
        row(DirectJoinChannel, byChannel(DirectJoinChannel)),
      ],
    };
  }

  async retention(circleId: string, from: DayKey, to: DayKey, channel?: string): Promise<RetentionResponse> {
    assertRange(from, to);
    const rows = await this.cohorts
      .find({
        circleId: oid(circleId),
        week: trusted({ $gte: weekOf(from), $lte: to }),
        ...(channel !== undefined ? { channel } : {}),
      })
      .lean<CohortRecord[]>();
    const weeks = new Map<DayKey, { size: number; active: Map<number, number> }>();
    for (const r of rows) {
      const w = weeks.get(r.week) ?? { size: 0, active: new Map<number, number>() };
      w.size += r.size;
      for (const [k, n] of Object.entries(r.active ?? {})) w.active.set(Number(k), (w.active.get(Number(k)) ?? 0) + n);
      weeks.set(r.week, w);
    }
    const lastWeek = weekOf(to);
    return {
      cohorts: [...weeks.entries()]
        .filter(([, w]) => w.size > 0)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([week, w]) => ({
          week,
          size: w.size,
          retained: Array.from({ length: daysBetween(week, lastWeek) / 7 + 1 }, (_, k) =>
            ratio(w.active.get(k) ?? 0, w.size),
          ),
        })),
    };
  }

  async funnel(eventId: string, inviteCode?: string): Promise<EventFunnelView> {
    const rows = await this.funnels
      .find({ eventId: oid(eventId), ...(inviteCode !== undefined ? { inviteCode } : {}) })
      .lean<EventFunnelRecord[]>();
    const total: EventFunnelView = { viewed: 0, signedUp: 0, confirmed: 0, paid: 0, checkedIn: 0 };
    for (const r of rows) for (const k of Object.keys(total) as (keyof EventFunnelView)[]) total[k] += r[k] ?? 0;
    return total;
  }

  async pollFunnel(pollId: string): Promise<PollFunnelView> {
    const row = await this.pollFunnels.findOne({ pollId: oid(pollId) }).lean<PollFunnelRecord>();
    return { viewed: row?.viewed ?? 0, answered: row?.answered ?? 0 };
  }
}

function assertRange(from: DayKey, to: DayKey): void {
  const days = daysBetween(from, to);
  if (!(days >= 0 && days < MAX_RANGE_DAYS)) {
    throw new DomainError(ErrorCode.VALIDATION_FAILED, `统计区间应为 1 到 ${MAX_RANGE_DAYS} 天`, [
      { field: 'to', message: `to 不能早于 from，且区间不超过 ${MAX_RANGE_DAYS} 天` },
    ]);
  }
}
