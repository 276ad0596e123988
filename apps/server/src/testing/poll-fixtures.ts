import { getModelToken } from '@nestjs/mongoose';
import { ErrorCode, type CreatePollRequest, type LoginResponse } from '@quanzi/contract';
import { Types, type ClientSession, type Model } from 'mongoose';
import { DomainEventBus } from '../bus/domain-event-bus';
import type { DomainEvent } from '../bus/domain-events';
import {
  MEMBER_TAG_DIRECTORY,
  MEMBER_TAGGER,
  type MemberTagDirectory,
  type MemberTagger,
  type TagGrantSource,
} from '../circles/circle-extensions';
import { DomainError } from '../common/domain-error';
import { Poll, PollParticipation, PollResponse } from '../polls/polls.schema';
import { startTestApp, type TestContext } from './test-app';

export interface TagCall {
  circleId: string;
  userId: string;
  tagIds: string[];
  source: TagGrantSource;
  inTransaction: boolean;
}

/**
 * A booted app with a circle (owner, admin, members, a stranger) and a fake tagger in place of
 * the tags module: it knows two tag ids of that circle, records every grant, and answers the
 * tag directory from what it granted.
 */
export interface PollWorld {
  t: TestContext;
  circleId: string;
  owner: LoginResponse;
  admin: LoginResponse;
  members: LoginResponse[];
  stranger: LoginResponse;
  tags: { offline: string; survey: string };
  tagCalls: TagCall[];
  events: DomainEvent<'poll.responded'>[];
  polls: Model<Poll>;
  responses: Model<PollResponse>;
  participations: Model<PollParticipation>;
  as(who: LoginResponse): ReturnType<TestContext['client']>;
  createPoll(
    body: Partial<CreatePollRequest> & Pick<CreatePollRequest, 'questions'>,
  ): ReturnType<ReturnType<TestContext['client']>['createPoll']>;
}

export async function startPollWorld(memberCount: number): Promise<PollWorld> {
  const t = await startTestApp();
  let n = 0;
  const login = () => t.client().loginWechat({ code: `code-openid-poller${(n += 1)}` });
  const as = (who: LoginResponse) => t.client(who.token);
  const [owner, admin, stranger] = [await login(), await login(), await login()];
  const members: LoginResponse[] = [];
  for (let i = 0; i < memberCount; i += 1) members.push(await login());
  const circleId = (await as(owner).createCircle({ name: '问卷测试圈', joinPolicy: 'open' })).id;
  for (const u of [admin, ...members]) await as(u).joinCircle(circleId);
  await as(owner).updateMemberRole(circleId, admin.user.id, { role: 'admin' });

  const tags = { offline: new Types.ObjectId().toHexString(), survey: new Types.ObjectId().toHexString() };
  const known = new Set(Object.values(tags));
  const tagCalls: TagCall[] = [];
  const tagger = t.app.get<MemberTagger>(MEMBER_TAGGER, { strict: false });
  jest.spyOn(tagger, 'assertTagsExist').mockImplementation(async (cid: string, ids: string[]) => {
    if (cid !== circleId || ids.some((id) => !known.has(id))) {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, '标签不存在', [{ field: 'tagIds', message: '标签不存在' }]);
    }
  });
  jest
    .spyOn(tagger, 'addTags')
    .mockImplementation(
      async (cid: string, userId: string, tagIds: string[], source: TagGrantSource, session?: ClientSession) => {
        tagCalls.push({ circleId: cid, userId, tagIds, source, inTransaction: Boolean(session?.inTransaction()) });
      },
    );
  const directory = t.app.get<MemberTagDirectory>(MEMBER_TAG_DIRECTORY, { strict: false });
  jest
    .spyOn(directory, 'filterByTags')
    .mockImplementation(async (_cid: string, userIds: string[], wanted: string[]) =>
      userIds.filter((u) => wanted.every((tag) => tagCalls.some((c) => c.userId === u && c.tagIds.includes(tag)))),
    );

  const events: DomainEvent<'poll.responded'>[] = [];
  t.app.get(DomainEventBus).subscribe('poll.responded', (e) => void events.push(e));

  return {
    t,
    circleId,
    owner,
    admin,
    members,
    stranger,
    tags,
    tagCalls,
    events,
    polls: t.app.get(getModelToken(Poll.name)),
    responses: t.app.get(getModelToken(PollResponse.name)),
    participations: t.app.get(getModelToken(PollParticipation.name)),
    as,
    createPoll: (body) =>
      as(admin).createPoll(circleId, { title: '周末活动调查', kind: 'survey', resultsVisibility: 'always', ...body }),
  };
}
