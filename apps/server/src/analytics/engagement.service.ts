import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import {
  EngagementSegments,
  PersonalInviteChannel,
  type ActionCounts,
  type EngagementRecomputeResponse,
  type EngagementSegment,
  type EngagementView,
  type KocResponse,
  type SegmentCountsResponse,
} from '@quanzi/contract';
import { Model, trusted, type AnyBulkWriteOperation } from 'mongoose';
import { CircleExtensions } from '../circles/circle-extensions';
import { MembershipsRepository } from '../circles/memberships.repository';
import { shanghaiDay } from '../common/china-time';
import { Clock } from '../common/clock';
import { notFound } from '../common/domain-error';
import { KeyedLock } from '../common/keyed-lock';
import { oid } from '../common/object-id';
import { UsersService } from '../users/users.service';
import { addDays, daysBetween } from './analytics-days';
import {
  MemberDay,
  MemberFacts,
  MemberScore,
  type MemberDayRecord,
  type MemberFactsRecord,
  type MemberScoreRecord,
} from './analytics.schema';
import { ACTION_KINDS, emptyCounts, scoreCircle, type MemberInput } from './engagement.rules';

const KOC_SIZE = 50;

/**
 * Engagement scores (RFM) and segments, recomputed per circle in one batch from the per-member
 * day rollups (never the raw log) and stored one row per membership. Runs on demand and, with
 * ENGAGEMENT_NIGHTLY_HOUR set, once a night as a durable job (`EngagementNightly`).
 */
@Injectable()
export class EngagementService implements OnModuleInit {
  private readonly logger = new Logger(EngagementService.name);
  private readonly lock = new KeyedLock();

  constructor(
    @InjectModel(MemberDay.name) private readonly memberDays: Model<MemberDay>,
    @InjectModel(MemberFacts.name) private readonly facts: Model<MemberFacts>,
    @InjectModel(MemberScore.name) private readonly scores: Model<MemberScore>,
    private readonly memberships: MembershipsRepository,
    private readonly users: UsersService,
    private readonly clock: Clock,
    private readonly extensions: CircleExtensions,
  ) {}

  onModuleInit(): void {
    this.extensions.engagement = {
      engagementOf: (circleId, userIds) => this.engagementOf(circleId, userIds),
      rankedPage: (circleId, opts) => this.rankedPage(circleId, opts),
    };
  }

  /** Every circle analytics knows of, one after another; a circle that fails is logged and skipped. */
  async recomputeAll(): Promise<number> {
    const circleIds = (await this.facts.distinct('circleId')) as { toHexString(): string }[];
    let done = 0;
    for (const id of circleIds) {
      await this.recomputeCircle(id.toHexString()).then(
        () => done++,
        (error: unknown) =>
          this.logger.error(`engagement recompute of circle ${id.toHexString()} failed: ${String(error)}`),
      );
    }
    return done;
  }

  /** Recomputes and stores every active member's score in the circle (batch). */
  recomputeCircle(circleId: string): Promise<EngagementRecomputeResponse> {
    return this.lock.run(circleId, () => this.compute(circleId));
  }

  private async compute(circleId: string): Promise<EngagementRecomputeResponse> {
    const now = this.clock.now();
    const today = shanghaiDay(now);
    const since90 = addDays(today, -89);
    const since30 = addDays(today, -29);
    const circle = oid(circleId);
    const [members, days, facts] = await Promise.all([
      this.memberships.activeMembers(circleId),
      this.memberDays.find({ circleId: circle, day: trusted({ $gte: since90 }) }).lean<MemberDayRecord[]>(),
      this.facts.find({ circleId: circle }).lean<MemberFactsRecord[]>(),
    ]);
    const perUser = new Map<string, { c30: ActionCounts; c90: ActionCounts; last: string }>();
    for (const d of days) {
      const id = d.userId.toHexString();
      const u = perUser.get(id) ?? { c30: emptyCounts(), c90: emptyCounts(), last: d.day };
      for (const k of ACTION_KINDS) {
        u.c90[k] += d[k] ?? 0;
        if (d.day >= since30) u.c30[k] += d[k] ?? 0;
      }
      if (d.day > u.last) u.last = d.day;
      perUser.set(id, u);
    }
    const activeIds = new Set(members.map((m) => m.userId));
    const recencyOf = (id: string) => {
      const u = perUser.get(id);
      return u ? daysBetween(u.last, today) : null;
    };
    // Personal referrals only: admin links are channels, not people.
    const invitees = new Map<string, { all: number; active: number }>();
    const everActive = new Set<string>();
    for (const f of facts) {
      const id = f.userId.toHexString();
      if (f.lastActiveAt) everActive.add(id);
      if (f.channel !== PersonalInviteChannel || !f.inviterId) continue;
      const inviter = f.inviterId.toHexString();
      const t = invitees.get(inviter) ?? { all: 0, active: 0 };
      t.all += 1;
      const r = recencyOf(id);
      if (activeIds.has(id) && r !== null && r < 30) t.active += 1;
      invitees.set(inviter, t);
    }
    const inputs: MemberInput[] = members.map((m) => {
      const u = perUser.get(m.userId);
      return {
        userId: m.userId,
        memberDays: m.joinedAt ? Math.max(0, daysBetween(shanghaiDay(m.joinedAt), today)) : 0,
        recency: recencyOf(m.userId),
        everActive: everActive.has(m.userId) || u !== undefined,
        counts30: u?.c30 ?? emptyCounts(),
        counts90: u?.c90 ?? emptyCounts(),
        invitees: invitees.get(m.userId)?.all ?? 0,
        activeInvitees: invitees.get(m.userId)?.active ?? 0,
        paidFen: 0,
      };
    });
    const byUser = new Map(inputs.map((i) => [i.userId, i]));
    const lastActive = new Map(facts.map((f) => [f.userId.toHexString(), f.lastActiveAt]));
    const ops: AnyBulkWriteOperation<MemberScore>[] = scoreCircle(inputs).map((e) => {
      const input = byUser.get(e.userId)!;
      return {
        replaceOne: {
          filter: { circleId: circle, userId: oid(e.userId) },
          replacement: {
            circleId: circle,
            userId: oid(e.userId),
            score: e.score,
            segment: e.segment,
            recency: e.recency,
            frequency: e.frequency,
            contribution: e.contribution,
            counts30: { ...input.counts30 },
            invitees: input.invitees,
            activeInvitees: input.activeInvitees,
            lastActiveAt: lastActive.get(e.userId) ?? null,
            explanation: e.explanation,
            computedAt: now,
          },
          upsert: true,
        },
      };
    });
    if (ops.length > 0) await this.scores.bulkWrite(ops, { ordered: false });
    // Rows of members who have gone since the last run.
    await this.scores.deleteMany({ circleId: circle, computedAt: trusted({ $lt: now }) });
    return { members: ops.length, computedAt: now.toISOString() };
  }

  /** The member's stored engagement; the circle is computed first if it never was. */
  async engagement(circleId: string, userId: string): Promise<EngagementView> {
    if (!(await this.memberships.exists(circleId, userId))) throw notFound('成员');
    let row = await this.findScore(circleId, userId);
    if (!row && !(await this.scores.exists({ circleId: oid(circleId) }))) {
      await this.recomputeCircle(circleId);
      row = await this.findScore(circleId, userId);
    }
    if (!row) throw notFound('成员评分');
    return toEngagementView(row);
  }

  /**
   * Members with no recorded activity in the circle since `since` (never active: joined before it).
   * Broadcast audiences ("inactive 30 days") use this.
   */
  async inactiveSince(circleId: string, since: Date): Promise<string[]> {
    const rows = await this.facts
      .find({ circleId: oid(circleId), joinedAt: trusted({ $lt: since }) }, { userId: 1, lastActiveAt: 1 })
      .lean<{ userId: { toHexString(): string }; lastActiveAt: Date | null }[]>();
    return rows.filter((r) => !r.lastActiveAt || r.lastActiveAt < since).map((r) => r.userId.toHexString());
  }

  /** User ids of one segment (broadcast audiences and tag-rule conditions use this). */
  async membersInSegment(circleId: string, segment: EngagementSegment): Promise<string[]> {
    const rows = await this.scores
      .find({ circleId: oid(circleId), segment }, { userId: 1 })
      .sort({ score: -1 })
      .lean<{ userId: { toHexString(): string } }[]>();
    return rows.map((r) => r.userId.toHexString());
  }

  /** Members per segment as last recomputed (the circle is computed first if it never was). */
  async segmentCounts(circleId: string): Promise<SegmentCountsResponse> {
    if (!(await this.scores.exists({ circleId: oid(circleId) }))) await this.recomputeCircle(circleId);
    const rows = await this.scores
      .find({ circleId: oid(circleId) }, { segment: 1, computedAt: 1 })
      .lean<{ segment: EngagementSegment; computedAt: Date }[]>();
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(r.segment, (counts.get(r.segment) ?? 0) + 1);
    const latest = rows.reduce<Date | null>((max, r) => (!max || r.computedAt > max ? r.computedAt : max), null);
    return {
      items: EngagementSegments.map((segment) => ({ segment, count: counts.get(segment) ?? 0 })),
      computedAt: latest ? latest.toISOString() : null,
    };
  }

  /** Members ranked by personal referral reach (invitees + those still active) × engagement. */
  async koc(circleId: string): Promise<KocResponse> {
    const rows = await this.scores
      .find({ circleId: oid(circleId), invitees: trusted({ $gt: 0 }) })
      .lean<MemberScoreRecord[]>();
    const value = (r: MemberScoreRecord) => (r.invitees + r.activeInvitees) * (1 + r.score / 100);
    const top = rows
      .sort((a, b) => value(b) - value(a) || b.activeInvitees - a.activeInvitees || b.score - a.score)
      .slice(0, KOC_SIZE);
    const users = await this.users.summaries(top.map((r) => r.userId.toHexString()));
    return {
      items: top.map((r) => ({
        userId: r.userId.toHexString(),
        nickname: users.get(r.userId.toHexString())?.nickname ?? '',
        invitees: r.invitees,
        activeInvitees: r.activeInvitees,
        score: r.score,
      })),
    };
  }

  /** Score and segment of those of `userIds` that were scored (the member list shows them). */
  async engagementOf(circleId: string, userIds: string[]): Promise<Map<string, { score: number; segment: string }>> {
    if (userIds.length === 0) return new Map();
    const rows = await this.scores
      .find(
        { circleId: oid(circleId), userId: trusted({ $in: userIds.map(oid) }) },
        { userId: 1, score: 1, segment: 1 },
      )
      .lean<MemberScoreRecord[]>();
    return new Map(rows.map((r) => [r.userId.toHexString(), { score: r.score, segment: r.segment }]));
  }

  /** Scored members, highest score first (ties by user id), after the given row. */
  async rankedPage(
    circleId: string,
    opts: { segment?: string; after: { score: number; userId: string } | null; limit: number },
  ): Promise<{ userId: string; score: number }[]> {
    const after = opts.after
      ? {
          $or: [
            { score: trusted({ $lt: opts.after.score }) },
            { score: opts.after.score, userId: trusted({ $gt: oid(opts.after.userId) }) },
          ],
        }
      : {};
    const rows = await this.scores
      .find({ circleId: oid(circleId), ...(opts.segment ? { segment: opts.segment } : {}), ...after })
      .sort({ score: -1, userId: 1 })
      .limit(opts.limit)
      .lean<MemberScoreRecord[]>();
    return rows.map((r) => ({ userId: r.userId.toHexString(), score: r.score }));
  }

  private findScore(circleId: string, userId: string) {
    return this.scores.findOne({ circleId: oid(circleId), userId: oid(userId) }).lean<MemberScoreRecord>();
  }
}

function toEngagementView(r: MemberScoreRecord): EngagementView {
  const counts = { ...emptyCounts() };
  for (const k of ACTION_KINDS) counts[k] = r.counts30?.[k] ?? 0;
  return {
    userId: r.userId.toHexString(),
    score: r.score,
    segment: r.segment as EngagementSegment,
    recency: r.recency,
    frequency: r.frequency,
    contribution: r.contribution,
    counts30: counts,
    invitees: r.invitees,
    activeInvitees: r.activeInvitees,
    lastActiveAt: r.lastActiveAt ? r.lastActiveAt.toISOString() : null,
    explanation: r.explanation,
    computedAt: r.computedAt.toISOString(),
  };
}
