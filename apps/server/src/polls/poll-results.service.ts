import { Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { InjectModel } from '@nestjs/mongoose';
import {
  ErrorCode,
  PollLimits,
  type Page,
  type PollResultsView,
  type QuestionResults,
  type TextAnswerView,
} from '@quanzi/contract';
import { Model, trusted, Types } from 'mongoose';
import type { Actor, CircleAccess } from '../auth/actor';
import { requireRole } from '../auth/circle-access.registry';
import {
  MEMBER_TAG_DIRECTORY,
  MEMBER_TAGGER,
  type MemberTagDirectory,
  type MemberTagger,
} from '../circles/circle-extensions';
import { DomainError } from '../common/domain-error';
import { decodeCursor, encodeCursor, pageSize } from '../common/pagination';
import { UsersService } from '../users/users.service';
import type { PollResultsQueryDto, TextAnswersQueryDto } from './dto/poll.dto';
import { PollResponse, type PollQuestion, type PollRecord, type StoredAnswer } from './polls.schema';
import { PollsService } from './polls.service';

type Row = { _id: string; userId?: Types.ObjectId; answers: StoredAnswer[] };
const percent = (count: number, of: number) => (of === 0 ? 0 : Math.round((count / of) * 1000) / 10);

/** Tallies of the given responses, one entry per question in order. */
export function tally(questions: PollQuestion[], rows: Row[]): QuestionResults[] {
  return questions.map((q) => {
    const answers = rows
      .map((r) => r.answers.find((a) => a.questionId === q.id))
      .filter((a): a is StoredAnswer => Boolean(a));
    const answered = answers.length;
    const options = q.options.map((o) => {
      const count = answers.filter((a) => a.optionIds?.includes(o.id)).length;
      return { optionId: o.id, count, percent: percent(count, answered) };
    });
    let rating: QuestionResults['rating'] = null;
    if (q.type === 'rating') {
      const values = answers.map((a) => a.rating).filter((v): v is number => typeof v === 'number');
      const distribution = [];
      for (let value = PollLimits.ratingMin; value <= PollLimits.ratingMax; value += 1)
        distribution.push({ value, count: values.filter((v) => v === value).length });
      rating = {
        average: values.length ? Math.round((values.reduce((s, v) => s + v, 0) / values.length) * 100) / 100 : null,
        distribution,
      };
    }
    return { questionId: q.id, type: q.type, answered, options, rating };
  });
}

/** Results (per the visibility setting), tag breakdowns and text answers for admins. */
@Injectable()
export class PollResultsService {
  constructor(
    @InjectModel(PollResponse.name) private readonly responses: Model<PollResponse>,
    @Inject(MEMBER_TAGGER) private readonly tagger: MemberTagger,
    private readonly polls: PollsService,
    private readonly users: UsersService,
    private readonly moduleRef: ModuleRef,
  ) {}

  /**
   * Looked up, not injected: the directory is provided by CirclesModule now and by the tags
   * module later, and a non-strict lookup finds it wherever it lives without an extra export.
   */
  private get tagDirectory(): MemberTagDirectory {
    return this.moduleRef.get<MemberTagDirectory>(MEMBER_TAG_DIRECTORY, { strict: false });
  }

  /**
   * Tallies are counted from the responses (a circle's poll has hundreds, not millions, of
   * them), so they always agree with what is stored. `byTag` (admins, named polls) adds the same
   * tallies over respondents holding that tag, withheld when fewer than five hold it.
   */
  async results(
    actor: Actor,
    access: CircleAccess,
    pollId: string,
    query: PollResultsQueryDto,
  ): Promise<PollResultsView> {
    const poll = await this.polls.find(pollId);
    await this.polls.requireResultsAccess(actor, access.role, poll);
    const rows = await this.responses.find({ pollId: poll._id }, { answers: 1, userId: 1 }).lean<Row[]>();
    return {
      pollId,
      responseCount: rows.length,
      questions: tally(poll.questions, rows),
      breakdown: query.byTag ? await this.breakdown(access, poll, rows, query.byTag) : null,
    };
  }

  private async breakdown(
    access: CircleAccess,
    poll: PollRecord,
    rows: Row[],
    tagId: string,
  ): Promise<PollResultsView['breakdown']> {
    requireRole(access.role, 'admin');
    if (poll.anonymous) {
      // Grouping anonymous answers by who holds a tag would re-link answers to people.
      throw new DomainError(ErrorCode.VALIDATION_FAILED, '匿名投票不能按标签细分', [
        { field: 'byTag', message: '匿名投票不能按标签细分' },
      ]);
    }
    await this.tagger.assertTagsExist(access.circleId, [tagId]);
    const userIds = rows.map((r) => r.userId!.toHexString());
    const holders = new Set(await this.tagDirectory.filterByTags(access.circleId, userIds, [tagId]));
    const group = rows.filter((r) => holders.has(r.userId!.toHexString()));
    if (group.length < PollLimits.breakdownMinGroup)
      return { tagId, suppressed: true, responseCount: null, questions: [] };
    return { tagId, suppressed: false, responseCount: group.length, questions: tally(poll.questions, group) };
  }

  /** Admins (route guard): one text question's answers, paged in stored (random id) order. */
  async textAnswers(pollId: string, query: TextAnswersQueryDto): Promise<Page<TextAnswerView>> {
    const poll = await this.polls.find(pollId);
    const question = poll.questions.find((q) => q.id === query.questionId);
    if (!question || question.type !== 'text') {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, '不是本问卷的文字题', [
        { field: 'questionId', message: '不是本问卷的文字题' },
      ]);
    }
    const limit = pageSize(query.limit);
    const after = query.cursor
      ? decodeCursor(
          query.cursor,
          (k): k is [string] => k.length === 1 && typeof k[0] === 'string' && /^[0-9a-f]{24}$/.test(k[0]),
        )[0]
      : null;
    const rows = await this.responses
      .find({
        pollId: poll._id,
        answers: trusted({ $elemMatch: { questionId: question.id, text: { $exists: true } } }),
        ...(after ? { _id: trusted({ $gt: after }) } : {}),
      })
      .sort({ _id: 1 })
      .limit(limit + 1)
      .lean<(Row & { day: string })[]>();
    const items = rows.slice(0, limit);
    const names = poll.anonymous ? new Map() : await this.users.summaries(items.map((r) => r.userId!.toHexString()));
    return {
      items: items.map((r) => {
        const author = r.userId ? names.get(r.userId.toHexString()) : undefined;
        return {
          text: r.answers.find((a) => a.questionId === question.id)!.text!,
          author: author ? { id: author.id, nickname: author.nickname } : null,
          day: r.day,
        };
      }),
      nextCursor: rows.length > limit ? encodeCursor([items[items.length - 1]._id]) : null,
    };
  }
}
