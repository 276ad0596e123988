import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { ErrorCode, type BulkTagResponse } from '@quanzi/contract';
import { Model, trusted, Types, type AnyBulkWriteOperation, type ClientSession } from 'mongoose';
import type { Actor } from '../auth/actor';
import { DomainEventBus } from '../bus/domain-event-bus';
import { afterCommit, UnitOfWork } from '../database/unit-of-work';
import { DomainError } from '../common/domain-error';
import type { MemberTagger, TagGrantSource } from '../circles/circle-extensions';
import { Membership, type MemberTag } from '../circles/circles.schema';
import { UsersService } from '../users/users.service';
import type { BulkTagDto } from './dto/tag.dto';
import { TagDefinitionsService } from './tag-definitions.service';

const oid = (id: string) => new Types.ObjectId(id);
/** Events of one bulk call are published this many at a time. */
const PUBLISH_BATCH = 50;
/**
 * Ids per `$in`: small enough for the planner to turn it into index point lookups (the
 * embedded engine expands at most 200 equality values), instead of matching every membership
 * of the circle against a thousand values.
 */
const ID_CHUNK = 50;

const chunks = <T>(list: T[]): T[][] => Array.from({ length: Math.ceil(list.length / ID_CHUNK) }, (_, i) => list.slice(i * ID_CHUNK, (i + 1) * ID_CHUNK));

interface Holder {
  userId: Types.ObjectId;
  tags?: { tagId: Types.ObjectId }[];
}

/**
 * Tag grants on memberships: other domains add them through MEMBER_TAGGER, admins add and
 * remove them in bulk. A grant is pushed only where the tag is not held yet (guard in the
 * update's filter), so repeats are no-ops and the first source stays.
 */
@Injectable()
export class MemberTagsService implements MemberTagger {
  constructor(
    @InjectModel(Membership.name) private readonly memberships: Model<Membership>,
    private readonly uow: UnitOfWork,
    private readonly definitions: TagDefinitionsService,
    private readonly users: UsersService,
    private readonly bus: DomainEventBus,
  ) {}

  assertTagsExist(circleId: string, tagIds: string[]): Promise<void> {
    return this.definitions.assertTagsExist(circleId, tagIds);
  }

  /** Tags deleted since the caller validated them are skipped, not an error. */
  async addTags(circleId: string, userId: string, tagIds: string[], source: TagGrantSource, session?: ClientSession): Promise<void> {
    const tags = await this.definitions.existing(circleId, tagIds);
    const at = new Date();
    const added: string[] = [];
    for (const tagId of tags) {
      const res = await this.memberships.updateOne(
        { circleId: oid(circleId), userId: oid(userId), 'tags.tagId': trusted({ $ne: oid(tagId) }) },
        { $push: { tags: this.grant(tagId, source, at) } },
        { session },
      );
      if (res.modifiedCount > 0) added.push(tagId);
    }
    if (added.length === 0) return;
    const actorId = source.kind === 'manual' ? source.refId : userId;
    await afterCommit(session, async () => {
      for (const tagId of added) {
        await this.bus.publish('tag.added', { circleId, actorId, userId, tagId, source: source.kind, sourceRefId: source.refId });
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
      throw new DomainError(ErrorCode.VALIDATION_FAILED, '请选择要添加或移除的标签', [{ field: 'add', message: '请选择要添加或移除的标签' }]);
    }
    const both = add.filter((id) => remove.includes(id));
    if (both.length > 0) {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, '同一标签不能既添加又移除', [{ field: 'remove', message: `同时出现在添加列表中: ${both.join(',')}` }]);
    }
    await this.definitions.assertTagsExist(circleId, add, 'add');
    await this.definitions.assertTagsExist(circleId, remove, 'remove');
    const admin = (await this.users.summaries([actor.userId])).get(actor.userId);
    const source: TagGrantSource = { kind: 'manual', refId: actor.userId, label: admin?.nickname ?? null };
    const circle = oid(circleId);
    const userIds = dto.userIds.map(oid);

    const { members, added, removed } = await this.uow.run(async (session) => {
      const rows: Holder[] = [];
      for (const part of chunks(userIds)) {
        rows.push(...(await this.memberships.find({ circleId: circle, userId: trusted({ $in: part }) }, { userId: 1, 'tags.tagId': 1 }).session(session).lean<Holder[]>()));
      }
      const held = (row: Holder, tagId: string) => (row.tags ?? []).some((t) => t.tagId.toHexString() === tagId);
      const gained = add.map((tagId) => ({ tagId, users: rows.filter((r) => !held(r, tagId)).map((r) => r.userId) }));
      const lost = remove.map((tagId) => ({ tagId, users: rows.filter((r) => held(r, tagId)).map((r) => r.userId) }));
      const at = new Date();
      const ops: AnyBulkWriteOperation<Membership>[] = [
        ...gained.flatMap((g) =>
          chunks(g.users).map((part) => ({
            updateMany: {
              filter: { circleId: circle, userId: trusted({ $in: part }), 'tags.tagId': trusted({ $ne: oid(g.tagId) }) },
              update: { $push: { tags: this.grant(g.tagId, source, at) } },
            },
          })),
        ),
        ...lost.flatMap((l) =>
          chunks(l.users).map((part) => ({
            updateMany: {
              filter: { circleId: circle, userId: trusted({ $in: part }) },
              update: { $pull: { tags: { tagId: oid(l.tagId) } } },
            },
          })),
        ),
      ];
      if (ops.length > 0) await this.memberships.bulkWrite(ops, { session, ordered: true });
      // Up to 20,000 events: the answer does not wait for their listeners (activity log, rules).
      const jobs = [
        ...gained.flatMap((g) => g.users.map((u) => () => this.bus.publish('tag.added', { circleId, actorId: actor.userId, userId: u.toHexString(), tagId: g.tagId, source: 'manual', sourceRefId: actor.userId }))),
        ...lost.flatMap((l) => l.users.map((u) => () => this.bus.publish('tag.removed', { circleId, actorId: actor.userId, userId: u.toHexString(), tagId: l.tagId }))),
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

  private grant(tagId: string, source: TagGrantSource, at: Date): MemberTag {
    return { tagId: oid(tagId), source: { kind: source.kind, refId: source.refId, label: source.label }, at };
  }

  /** The bus logs a failing listener itself, so nothing here can reject. */
  private async publishAll(jobs: (() => Promise<void>)[]): Promise<void> {
    for (let i = 0; i < jobs.length; i += PUBLISH_BATCH) {
      await Promise.all(jobs.slice(i, i + PUBLISH_BATCH).map((job) => job()));
    }
  }
}
