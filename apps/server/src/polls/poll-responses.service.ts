import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { ErrorCode, type PollView } from '@quanzi/contract';
import { Model, trusted } from 'mongoose';
import { oid } from '../common/object-id';
import { shanghaiDay } from '../common/china-time';
import type { Actor, CircleAccess } from '../auth/actor';
import { DomainEventBus } from '../bus/domain-event-bus';
import { MEMBER_TAGGER, type MemberTagger } from '../circles/circle-extensions';
import { conflict, DomainError } from '../common/domain-error';
import { InvitesService } from '../invites/invites.service';
import type { SubmitPollResponseDto } from './dto/response.dto';
import { PollParticipationService } from './poll-participation.service';
import { Poll, PollResponse, type PollRecord, type StoredAnswer } from './polls.schema';
import { PollsService } from './polls.service';
import { isClosed } from './polls.views';
import { checkAnswers } from './poll-answers';
import { UnitOfWork } from '../database/unit-of-work';
import { Clock } from '../common/clock';

const DUPLICATE_KEY = 11000;
const closedError = () => new DomainError(ErrorCode.CLOSED, '投票已结束');

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
              ...(poll.anonymous ? {} : { userId: oid(actor.userId), respondedAt: now }),
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
          await this.tagger.addTags(
            access.circleId,
            actor.userId,
            tagIds,
            { kind: 'poll', refId: pollId, label: poll.title },
            session,
          );
        }
      });
    } catch (error) {
      if ((error as { code?: unknown }).code === DUPLICATE_KEY)
        throw new DomainError(ErrorCode.ALREADY_DONE, '你已经提交过了');
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
