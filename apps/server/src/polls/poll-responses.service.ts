import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { ErrorCode, PollLimits, type FieldError, type PollView } from '@quanzi/contract';
import { Model, trusted, Types } from 'mongoose';
import { shanghaiDay } from '../common/china-time';
import type { Actor, CircleAccess } from '../auth/actor';
import { DomainEventBus } from '../bus/domain-event-bus';
import { MEMBER_TAGGER, type MemberTagger } from '../circles/circle-extensions';
import { conflict, DomainError } from '../common/domain-error';
import { InvitesService } from '../invites/invites.service';
import type { PollAnswerDto, SubmitPollResponseDto } from './dto/response.dto';
import { PollParticipationService } from './poll-participation.service';
import { Poll, PollResponse, type PollQuestion, type PollRecord, type StoredAnswer } from './polls.schema';
import { PollsService } from './polls.service';
import { isClosed } from './polls.views';
import { UnitOfWork } from '../database/unit-of-work';
import { Clock } from '../common/clock';

const DUPLICATE_KEY = 11000;
const closedError = () => new DomainError(ErrorCode.CLOSED, '投票已结束');

/**
 * Checks answers against the poll's questions and returns what is stored. Every problem is
 * reported as `answers[i].field` (or `answers` for a missing required question).
 */
export function checkAnswers(questions: PollQuestion[], answers: PollAnswerDto[]): StoredAnswer[] {
  const errors: FieldError[] = [];
  const byId = new Map(questions.map((q) => [q.id, q]));
  const seen = new Set<string>();
  const stored: StoredAnswer[] = [];
  answers.forEach((a, i) => {
    const at = `answers[${i}]`;
    const q = byId.get(a.questionId);
    if (!q) return void errors.push({ field: `${at}.questionId`, message: '没有这个问题' });
    if (seen.has(q.id)) return void errors.push({ field: `${at}.questionId`, message: '同一问题只能回答一次' });
    seen.add(q.id);
    const extra = (['optionIds', 'text', 'rating'] as const).filter((k) => a[k] !== undefined && k !== fieldOf(q));
    for (const k of extra) errors.push({ field: `${at}.${k}`, message: '此题型不接受这个字段' });
    if (q.type === 'single' || q.type === 'multiple') {
      const ids = [...new Set(a.optionIds ?? [])];
      const known = new Set(q.options.map((o) => o.id));
      const unknown = ids.filter((id) => !known.has(id));
      if (unknown.length > 0) errors.push({ field: `${at}.optionIds`, message: `没有这个选项：${unknown.join(', ')}` });
      else if (q.type === 'single' && ids.length > 1) errors.push({ field: `${at}.optionIds`, message: '单选题只能选一项' });
      else if (q.type === 'multiple' && ids.length > (q.maxChoices ?? q.options.length)) errors.push({ field: `${at}.optionIds`, message: `最多选 ${q.maxChoices} 项` });
      if (ids.length > 0) stored.push({ questionId: q.id, optionIds: ids });
    } else if (q.type === 'text') {
      const text = (a.text ?? '').trim();
      if ([...text].length > PollLimits.textAnswerMax) errors.push({ field: `${at}.text`, message: `最多 ${PollLimits.textAnswerMax} 字` });
      else if (text) stored.push({ questionId: q.id, text });
    } else if (a.rating !== undefined) {
      if (a.rating < PollLimits.ratingMin || a.rating > PollLimits.ratingMax) errors.push({ field: `${at}.rating`, message: `评分须在 ${PollLimits.ratingMin}–${PollLimits.ratingMax} 之间` });
      else stored.push({ questionId: q.id, rating: a.rating });
    }
  });
  const answered = new Set(stored.map((s) => s.questionId));
  questions.forEach((q, qi) => {
    if (q.required && !answered.has(q.id) && !errors.some((e) => e.field.startsWith(`answers[${answers.findIndex((a) => a.questionId === q.id)}]`))) {
      errors.push({ field: 'answers', message: `第 ${qi + 1} 题「${q.title}」必须回答` });
    }
  });
  if (stored.length === 0 && errors.length === 0) errors.push({ field: 'answers', message: '请至少回答一个问题' });
  if (errors.length > 0) throw new DomainError(ErrorCode.VALIDATION_FAILED, '回答不符合问卷要求', errors);
  // Stored in question order, whatever order they arrived in.
  const order = new Map(questions.map((q, i) => [q.id, i]));
  return stored.sort((x, y) => order.get(x.questionId)! - order.get(y.questionId)!);
}

function fieldOf(q: PollQuestion): 'optionIds' | 'text' | 'rating' {
  return q.type === 'text' ? 'text' : q.type === 'rating' ? 'rating' : 'optionIds';
}

/** Storing a member's answers: once per member, only while open, with the poll's tags. */
@Injectable()
export class PollResponsesService {
  constructor(
    @InjectModel(Poll.name) private readonly polls: Model<Poll>,
    @InjectModel(PollResponse.name) private readonly responses: Model<PollResponse>,
    private readonly uow: UnitOfWork,
    @Inject(MEMBER_TAGGER) private readonly tagger: MemberTagger,
    private readonly participation: PollParticipationService,
    private readonly pollsService: PollsService,
    private readonly bus: DomainEventBus,
    private readonly invites: InvitesService,
    private readonly clock: Clock,
  ) {}

  /**
   * Members (route guard). One transaction inserts the participation row (its unique index
   * refuses a second answer: ALREADY_DONE), the response, the poll's count (conditional on the
   * poll still being open and its questions unchanged, so a racing close or edit wins cleanly)
   * and the tags, so either all of it happens or none.
   */
  async submit(actor: Actor, access: CircleAccess, pollId: string, dto: SubmitPollResponseDto): Promise<PollView> {
    const poll = await this.pollsService.find(pollId);
    if (isClosed(poll, this.clock.now())) throw closedError();
    const answers = checkAnswers(poll.questions, dto.answers);
    const tagIds = this.tagsEarned(poll, answers);
    const now = this.clock.now();
    try {
      await this.uow.run(async (session) => {
        await this.participation.record(poll._id, actor.userId, session);
        await this.responses.create(
          [
            {
              // Random, not an ObjectId: an ObjectId embeds the second it was made.
              _id: randomBytes(12).toString('hex'),
              pollId: poll._id,
              day: shanghaiDay(now),
              answers,
              ...(poll.anonymous ? {} : { userId: new Types.ObjectId(actor.userId), respondedAt: now }),
            },
          ],
          { session },
        );
        const counted = await this.polls.updateOne(
          {
            _id: poll._id,
            questionsRevision: poll.questionsRevision ?? 0,
            closedAt: null,
            $or: [{ closesAt: null }, { closesAt: trusted({ $gt: now }) }],
          },
          { $inc: { responseCount: 1 } },
          { session, timestamps: false },
        );
        if (counted.modifiedCount !== 1) {
          const current = await this.pollsService.find(pollId);
          throw isClosed(current, now) ? closedError() : conflict('问卷刚被修改，请刷新后重新作答');
        }
        if (tagIds.length > 0) {
          await this.tagger.addTags(access.circleId, actor.userId, tagIds, { kind: 'poll', refId: pollId, label: poll.title }, session);
        }
      });
    } catch (error) {
      if ((error as { code?: unknown }).code === DUPLICATE_KEY) throw new DomainError(ErrorCode.ALREADY_DONE, '你已经提交过了');
      throw error;
    }
    // The member's id reveals that they took part (as the participation row does), never what
    // they answered: the event carries no answers, on named and anonymous polls alike.
    await this.bus.publish('poll.responded', { circleId: access.circleId, actorId: actor.userId, pollId });
    // Attribution after the answer is safe: an unknown or closed code grants nothing, never fails it.
    if (dto.inviteCode) await this.invites.grantInviteTags(dto.inviteCode, access.circleId, actor.userId);
    return this.pollsService.view(actor, access.role, await this.pollsService.find(pollId));
  }

  /** Preset tags plus the tags of the options chosen in single-choice questions. */
  private tagsEarned(poll: PollRecord, answers: StoredAnswer[]): string[] {
    const chosen = new Map(answers.map((a) => [a.questionId, new Set(a.optionIds ?? [])]));
    const optionTags = poll.questions
      .filter((q) => q.type === 'single')
      .flatMap((q) => q.options.filter((o) => o.tagId && chosen.get(q.id)?.has(o.id)).map((o) => o.tagId!));
    return [...new Set([...poll.tagIds, ...optionTags])];
  }
}
