import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { roleSatisfies, type CircleRole, type Page, type PollView } from '@quanzi/contract';
import { Model, trusted, Types } from 'mongoose';
import type { Actor, CircleAccess } from '../auth/actor';
import { CircleAccessRegistry } from '../auth/circle-access.registry';
import { MEMBER_TAGGER, type MemberTagger } from '../circles/circle-extensions';
import { conflict, forbidden, notFound } from '../common/domain-error';
import { decodeIdCursor, encodeCursor, pageSize } from '../common/pagination';
import type { CreatePollDto, PollListQueryDto, UpdatePollDto } from './dto/poll.dto';
import { buildQuestions, tagIdsOf } from './poll-definitions';
import { PollCloseNotices } from './poll-close-notices';
import { PollParticipationService } from './poll-participation.service';
import { Poll, PollResponse, PollViewMark, type PollRecord, type PollResponseRecord } from './polls.schema';
import { isClosed, toMyResponseView, toPollView } from './polls.views';
import { Clock } from '../common/clock';
import { DomainEventBus } from '../bus/domain-event-bus';
import { oid } from '../common/object-id';

/** Whether the caller may see tallies now. Admins always may. */
export function canSeeResults(poll: PollRecord, role: CircleRole | null, responded: boolean, now: Date): boolean {
  if (role && roleSatisfies(role, 'admin')) return true;
  switch (poll.resultsVisibility) {
    case 'always':
      return true;
    // Once closed nobody can vote any more, so showing non-voters the tallies biases nothing.
    case 'after_vote':
      return responded || isClosed(poll, now);
    case 'after_close':
      return isClosed(poll, now);
    case 'admins':
      return false;
  }
}

/** Poll and survey definitions: create, edit, close, list and detail; the 'poll' circle resolver. */
@Injectable()
export class PollsService implements OnModuleInit {
  constructor(
    @InjectModel(Poll.name) private readonly polls: Model<Poll>,
    @InjectModel(PollResponse.name) private readonly responses: Model<PollResponse>,
    @InjectModel(PollViewMark.name) private readonly viewMarks: Model<PollViewMark>,
    @Inject(MEMBER_TAGGER) private readonly tagger: MemberTagger,
    private readonly participation: PollParticipationService,
    private readonly registry: CircleAccessRegistry,
    private readonly clock: Clock,
    private readonly closeNotices: PollCloseNotices,
    private readonly bus: DomainEventBus,
  ) {}

  onModuleInit(): void {
    this.registry.registerResolver('poll', async (id) => {
      const poll = await this.polls.findOne({ _id: oid(id) }, { circleId: 1 }).lean<PollRecord>();
      return poll ? poll.circleId.toHexString() : null;
    });
  }

  /** Admins (route guard). Every tag it could grant must be a tag of this circle. */
  async create(actor: Actor, access: CircleAccess, dto: CreatePollDto): Promise<PollView> {
    const anonymous = dto.anonymous ?? false;
    const questions = buildQuestions(dto.kind, anonymous, dto.questions);
    const tagIds = [...new Set(dto.tagIds ?? [])];
    await this.tagger.assertTagsExist(access.circleId, tagIdsOf(tagIds, questions));
    const [created] = await this.polls.create([
      {
        circleId: oid(access.circleId),
        createdBy: oid(actor.userId),
        title: dto.title,
        description: dto.description ?? '',
        kind: dto.kind,
        questions,
        anonymous,
        closesAt: dto.closesAt ? new Date(dto.closesAt) : null,
        resultsVisibility: dto.resultsVisibility,
        tagIds,
      },
    ]);
    await this.closeNotices.plan(created.toObject() as unknown as PollRecord);
    return this.view(actor, access.role, created.toObject() as unknown as PollRecord);
  }

  /**
   * Admins. Questions may change only while nobody has answered (the filter on responseCount
   * makes that check and the write one step); sent ids are kept, new ones assigned.
   */
  async update(actor: Actor, access: CircleAccess, pollId: string, dto: UpdatePollDto): Promise<PollView> {
    const poll = await this.find(pollId);
    const questions = dto.questions ? buildQuestions(poll.kind, poll.anonymous, dto.questions) : poll.questions;
    const tagIds = dto.tagIds ? [...new Set(dto.tagIds)] : poll.tagIds;
    if (dto.questions || dto.tagIds) await this.tagger.assertTagsExist(access.circleId, tagIdsOf(tagIds, questions));
    const $set: Record<string, unknown> = {};
    if (dto.title !== undefined) $set.title = dto.title;
    if (dto.description !== undefined) $set.description = dto.description;
    if (dto.closesAt !== undefined) $set.closesAt = dto.closesAt ? new Date(dto.closesAt) : null;
    if (dto.resultsVisibility !== undefined) $set.resultsVisibility = dto.resultsVisibility;
    if (dto.tagIds) $set.tagIds = tagIds;
    if (dto.questions) $set.questions = questions;
    const updated = await this.polls
      .findOneAndUpdate(
        { _id: poll._id, ...(dto.questions ? { responseCount: 0 } : {}) },
        { $set, ...(dto.questions ? { $inc: { questionsRevision: 1 } } : {}) },
        { returnDocument: 'after' },
      )
      .lean<PollRecord>();
    if (!updated) throw conflict('已有成员作答，题目不能再修改');
    if (dto.closesAt !== undefined) await this.closeNotices.plan(updated);
    return this.view(actor, access.role, updated);
  }

  /** Admins. Closing twice keeps the first closing time. */
  async close(actor: Actor, access: CircleAccess, pollId: string): Promise<PollView> {
    const poll = await this.find(pollId);
    const closed = await this.polls
      .findOneAndUpdate(
        { _id: poll._id, closedAt: null },
        { $set: { closedAt: this.clock.now() } },
        { returnDocument: 'after' },
      )
      .lean<PollRecord>();
    // Past its deadline it closed then (and was announced by the deadline's job).
    if (closed && !isClosed(poll, this.clock.now())) await this.closeNotices.announce(closed, actor.userId);
    return this.view(actor, access.role, closed ?? (await this.find(pollId)));
  }

  /** Members (route guard): newest first, paged by id; `status` open / closed. */
  async list(actor: Actor, access: CircleAccess, query: PollListQueryDto): Promise<Page<PollView>> {
    const limit = pageSize(query.limit);
    const after = decodeIdCursor(query.cursor);
    const now = this.clock.now();
    const openFilter = { closedAt: null, $or: [{ closesAt: null }, { closesAt: trusted({ $gt: now }) }] };
    const closedFilter = { $or: [{ closedAt: trusted({ $ne: null }) }, { closesAt: trusted({ $lte: now }) }] };
    const rows = await this.polls
      .find({
        circleId: oid(access.circleId),
        ...(after ? { _id: trusted({ $lt: oid(after) }) } : {}),
        ...(query.status === 'open' ? openFilter : query.status === 'closed' ? closedFilter : {}),
      })
      .sort({ _id: -1 })
      .limit(limit + 1)
      .lean<PollRecord[]>();
    const items = rows.slice(0, limit);
    const answered = await this.participation.answered(
      items.map((p) => p._id),
      actor.userId,
    );
    return {
      items: items.map((p) => {
        const responded = answered.has(p._id.toHexString());
        return toPollView(
          p,
          { responded, myResponse: null, canSeeResults: canSeeResults(p, access.role, responded, now) },
          now,
        );
      }),
      nextCursor: rows.length > limit ? encodeCursor([items[items.length - 1]._id.toHexString()]) : null,
    };
  }

  /** Members (route guard): detail with the caller's own answers on a named poll. */
  /**
   * A member's first read counts as a view (the poll funnel in analytics); admins' reads do not,
   * they open a poll to manage it and read its results.
   */
  async get(actor: Actor, access: CircleAccess, pollId: string): Promise<PollView> {
    const poll = await this.find(pollId);
    if (!roleSatisfies(access.role, 'admin')) await this.markViewed(poll, actor.userId);
    return this.view(actor, access.role, poll);
  }

  private async markViewed(poll: PollRecord, userId: string): Promise<void> {
    const res = await this.viewMarks.updateOne(
      { pollId: poll._id, userId: oid(userId) },
      { $setOnInsert: { pollId: poll._id, userId: oid(userId) } },
      { upsert: true },
    );
    if (res.upsertedCount === 0) return; // read before
    await this.bus.publish('poll.viewed', {
      circleId: poll.circleId.toHexString(),
      actorId: userId,
      pollId: poll._id.toHexString(),
    });
  }

  async view(actor: Actor, role: CircleRole | null, poll: PollRecord): Promise<PollView> {
    const responded = (await this.participation.answered([poll._id], actor.userId)).size > 0;
    const mine =
      responded && !poll.anonymous
        ? await this.responses.findOne({ pollId: poll._id, userId: oid(actor.userId) }).lean<PollResponseRecord>()
        : null;
    const now = this.clock.now();
    return toPollView(
      poll,
      { responded, myResponse: toMyResponseView(mine), canSeeResults: canSeeResults(poll, role, responded, now) },
      now,
    );
  }

  /** `pollId` comes from a route whose guard or pipe checked it, or from a stored record. */
  /**
   * Who answered a named poll (broadcast audiences). Refuses an anonymous poll: its answers must
   * not lead back to members. null: no such poll.
   */
  async respondentsOf(pollId: string): Promise<{ circleId: string; anonymous: boolean; userIds: string[] } | null> {
    const poll = await this.polls.findById(pollId, { circleId: 1, anonymous: 1 }).lean<PollRecord>();
    if (!poll) return null;
    if (poll.anonymous) return { circleId: poll.circleId.toHexString(), anonymous: true, userIds: [] };
    const rows = await this.responses
      .find({ pollId: oid(pollId), userId: trusted({ $exists: true }) }, { userId: 1 })
      .lean<{ userId: Types.ObjectId }[]>();
    return {
      circleId: poll.circleId.toHexString(),
      anonymous: false,
      userIds: rows.map((r) => r.userId.toHexString()),
    };
  }

  /** Those of `userIds` who answered the poll (named or anonymous, through the participation markers). */
  async answeredAmong(pollId: string, userIds: string[]): Promise<{ circleId: string; userIds: Set<string> } | null> {
    const poll = await this.polls.findById(pollId, { circleId: 1 }).lean<PollRecord>();
    if (!poll) return null;
    return { circleId: poll.circleId.toHexString(), userIds: await this.participation.answeredBy(poll._id, userIds) };
  }

  async find(pollId: string | Types.ObjectId): Promise<PollRecord> {
    const poll = await this.polls.findById(oid(pollId)).lean<PollRecord>();
    if (!poll) throw notFound('问卷');
    return poll;
  }

  /** For results and export: FORBIDDEN unless the caller may see this poll's tallies now. */
  async requireResultsAccess(actor: Actor, role: CircleRole, poll: PollRecord): Promise<void> {
    const responded = (await this.participation.answered([poll._id], actor.userId)).size > 0;
    if (!canSeeResults(poll, role, responded, this.clock.now())) {
      const why = {
        always: '',
        after_vote: '投票后可查看结果',
        after_close: '投票结束后公布结果',
        admins: '结果仅管理员可见',
      }[poll.resultsVisibility];
      throw forbidden(why || '没有权限');
    }
  }
}
