import { Injectable } from '@nestjs/common';
import { ErrorCode, type BulkTagResponse } from '@quanzi/contract';
import type { ClientSession } from 'mongoose';
import type { Actor } from '../auth/actor';
import { DomainEventBus } from '../bus/domain-event-bus';
import { afterCommit, UnitOfWork } from '../database/unit-of-work';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import type { MemberTagger, TagGrantSource } from '../circles/circle-extensions';
import { MembershipsRepository } from '../circles/memberships.repository';
import { UsersService } from '../users/users.service';
import type { BulkTagDto } from './dto/tag.dto';
import { TagDefinitionsService } from './tag-definitions.service';

/** Events of one bulk call are published this many at a time. */
const PUBLISH_BATCH = 50;

/**
 * Tag grants on memberships: other domains add them through MEMBER_TAGGER, admins add and
 * remove them in bulk. A grant is pushed only where the tag is not held yet (guard in the
 * update's filter), so repeats are no-ops and the first source stays.
 */
@Injectable()
export class MemberTagsService implements MemberTagger {
  constructor(
    private readonly memberships: MembershipsRepository,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly definitions: TagDefinitionsService,
    private readonly users: UsersService,
    private readonly bus: DomainEventBus,
  ) {}

  assertTagsExist(circleId: string, tagIds: string[]): Promise<void> {
    return this.definitions.assertTagsExist(circleId, tagIds);
  }

  /** Tags deleted since the caller validated them are skipped, not an error. */
  async addTags(
    circleId: string,
    userId: string,
    tagIds: string[],
    source: TagGrantSource,
    session?: ClientSession,
  ): Promise<void> {
    const tags = await this.definitions.existing(circleId, tagIds);
    const at = this.clock.now();
    const added: string[] = [];
    for (const tagId of tags) {
      if (await this.memberships.addTag(circleId, userId, { tagId, source, at }, session)) added.push(tagId);
    }
    if (added.length === 0) return;
    const actorId = source.kind === 'manual' ? source.refId : userId;
    await afterCommit(session, async () => {
      for (const tagId of added) {
        await this.bus.publish('tag.added', {
          circleId,
          actorId,
          userId,
          tagId,
          source: source.kind,
          sourceRefId: source.refId,
        });
      }
    });
  }

  /**
   * Adds and removes tags on up to 1,000 members in one transaction: a few updateMany per tag
   * (ids in chunks) sent as a single bulkWrite. Ids that are not members of the circle are ignored (and not counted).
   */
  async bulk(actor: Actor, circleId: string, dto: BulkTagDto): Promise<BulkTagResponse> {
    const add = dto.add ?? [];
    const remove = dto.remove ?? [];
    if (add.length === 0 && remove.length === 0) {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, '请选择要添加或移除的标签', [
        { field: 'add', message: '请选择要添加或移除的标签' },
      ]);
    }
    const both = add.filter((id) => remove.includes(id));
    if (both.length > 0) {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, '同一标签不能既添加又移除', [
        { field: 'remove', message: `同时出现在添加列表中: ${both.join(',')}` },
      ]);
    }
    await this.definitions.assertTagsExist(circleId, add, 'add');
    await this.definitions.assertTagsExist(circleId, remove, 'remove');
    const admin = (await this.users.summaries([actor.userId])).get(actor.userId);
    const source: TagGrantSource = { kind: 'manual', refId: actor.userId, label: admin?.nickname ?? null };
    const userIds = [...new Set(dto.userIds.map((id) => id.toLowerCase()))];

    const { members, added, removed } = await this.uow.run(async (session) => {
      const rows = await this.memberships.tagHoldings(circleId, userIds, session);
      const holders = (tagId: string, held: boolean) =>
        rows.filter((r) => r.tagIds.includes(tagId) === held).map((r) => r.userId);
      const gained = add.map((tagId) => ({ tagId, users: holders(tagId, false) }));
      const lost = remove.map((tagId) => ({ tagId, users: holders(tagId, true) }));
      const at = this.clock.now();
      await this.memberships.changeTags(
        circleId,
        {
          add: gained.map((g) => ({ grant: { tagId: g.tagId, source, at }, userIds: g.users })),
          remove: lost.map((l) => ({ tagId: l.tagId, userIds: l.users })),
        },
        session,
      );
      // Up to 20,000 events: the answer does not wait for their listeners (activity log, rules).
      const jobs = [
        ...gained.flatMap((g) =>
          g.users.map(
            (u) => () =>
              this.bus.publish('tag.added', {
                circleId,
                actorId: actor.userId,
                userId: u,
                tagId: g.tagId,
                source: 'manual',
                sourceRefId: actor.userId,
              }),
          ),
        ),
        ...lost.flatMap((l) =>
          l.users.map(
            (u) => () =>
              this.bus.publish('tag.removed', { circleId, actorId: actor.userId, userId: u, tagId: l.tagId }),
          ),
        ),
      ];
      await afterCommit(session, async () => {
        void this.publishAll(jobs);
      });
      return {
        members: rows.length,
        added: gained.reduce((n, g) => n + g.users.length, 0),
        removed: lost.reduce((n, l) => n + l.users.length, 0),
      };
    });
    return { members, added, removed };
  }

  /** The bus logs a failing listener itself, so nothing here can reject. */
  private async publishAll(jobs: (() => Promise<void>)[]): Promise<void> {
    for (let i = 0; i < jobs.length; i += PUBLISH_BATCH) {
      await Promise.all(jobs.slice(i, i + PUBLISH_BATCH).map((job) => job()));
    }
  }
}
