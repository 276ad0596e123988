import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { ErrorCode, type TagView } from '@quanzi/contract';
import { Model, trusted, type Types } from 'mongoose';
import { DomainEventBus } from '../bus/domain-event-bus';
import type { Actor } from '../auth/actor';
import { afterCommit, UnitOfWork } from '../database/unit-of-work';
import { DomainError, notFound } from '../common/domain-error';
import { CircleExtensions, type MemberTagDirectory } from '../circles/circle-extensions';
import { MembershipsRepository } from '../circles/memberships.repository';
import { isObjectIdHex, oid } from '../common/object-id';
import type { CreateTagDto, UpdateTagDto } from './dto/tag.dto';
import { Tag, type TagRecord } from './tags.schema';

const DUPLICATE_KEY = 11000;

export function toTagView(tag: TagRecord): TagView {
  return {
    id: tag._id.toHexString(),
    circleId: tag.circleId.toHexString(),
    name: tag.name,
    color: tag.color,
    createdAt: tag.createdAt.toISOString(),
  };
}

const nameTaken = () =>
  new DomainError(ErrorCode.CONFLICT, '同名标签已存在', [{ field: 'name', message: '同名标签已存在' }]);

/** Tag definitions of a circle (admins), and their names for the member list. */
@Injectable()
export class TagDefinitionsService implements MemberTagDirectory, OnModuleInit {
  constructor(
    @InjectModel(Tag.name) private readonly tags: Model<Tag>,
    private readonly memberships: MembershipsRepository,
    private readonly extensions: CircleExtensions,
    private readonly uow: UnitOfWork,
    private readonly bus: DomainEventBus,
  ) {}

  onModuleInit(): void {
    this.extensions.provideTagDirectory(this);
  }

  async create(circleId: string, dto: CreateTagDto): Promise<TagView> {
    try {
      const created = await this.tags.create({
        circleId: oid(circleId),
        name: dto.name,
        ...(dto.color ? { color: dto.color } : {}),
      });
      return toTagView(created.toObject() as unknown as TagRecord);
    } catch (error) {
      if ((error as { code?: unknown }).code === DUPLICATE_KEY) throw nameTaken();
      throw error;
    }
  }

  async list(circleId: string): Promise<TagView[]> {
    const rows = await this.tags
      .find({ circleId: oid(circleId) })
      .sort({ _id: 1 })
      .lean<TagRecord[]>();
    return rows.map(toTagView);
  }

  async update(circleId: string, tagId: Types.ObjectId, dto: UpdateTagDto): Promise<TagView> {
    const $set: Partial<Pick<Tag, 'name' | 'color'>> = {};
    if (dto.name !== undefined) $set.name = dto.name;
    if (dto.color !== undefined) $set.color = dto.color;
    try {
      const updated = await this.tags
        .findOneAndUpdate(this.key(circleId, tagId), { $set }, { returnDocument: 'after' })
        .lean<TagRecord>();
      if (!updated) throw notFound('标签');
      return toTagView(updated);
    } catch (error) {
      if ((error as { code?: unknown }).code === DUPLICATE_KEY) throw nameTaken();
      throw error;
    }
  }

  /** Deletes the definition and every member's grant of it, together. */
  async remove(actor: Actor, circleId: string, tagOid: Types.ObjectId): Promise<void> {
    const tagId = tagOid.toHexString();
    await this.uow.run(async (session) => {
      const deleted = await this.tags.deleteOne(this.key(circleId, tagOid), { session });
      if (deleted.deletedCount === 0) throw notFound('标签');
      const holders = await this.memberships.removeTagFromAll(circleId, tagId, session);
      await afterCommit(session, async () => {
        for (const userId of holders) {
          await this.bus.publish('tag.removed', { circleId, actorId: actor.userId, userId, tagId });
        }
      });
    });
  }

  async describe(circleId: string, tagIds: string[]): Promise<Map<string, { name: string; color: string }>> {
    const rows = await this.tags
      .find({ circleId: oid(circleId), _id: trusted({ $in: tagIds.map(oid) }) }, { name: 1, color: 1 })
      .lean<TagRecord[]>();
    return new Map(rows.map((t) => [t._id.toHexString(), { name: t.name, color: t.color }]));
  }

  async filterByTags(circleId: string, userIds: string[], tagIds: string[]): Promise<string[]> {
    if (userIds.length === 0 || tagIds.length === 0) return userIds;
    return this.memberships.findMembersByTags(circleId, userIds, tagIds);
  }

  async tagsOf(circleId: string, userIds: string[]): Promise<Map<string, { id: string; name: string }[]>> {
    const held = new Map((await this.memberships.tagHoldings(circleId, userIds)).map((h) => [h.userId, h.tagIds]));
    const names = await this.describe(circleId, [...new Set([...held.values()].flat())]);
    const result = new Map<string, { id: string; name: string }[]>();
    for (const [userId, tagIds] of held) {
      result.set(
        userId,
        tagIds.flatMap((id) => (names.has(id) ? [{ id, name: names.get(id)!.name }] : [])),
      );
    }
    return result;
  }

  /** Those of `tagIds` that are tags of this circle now. */
  async existing(circleId: string, tagIds: string[]): Promise<string[]> {
    const valid = [...new Set(tagIds)].filter(isObjectIdHex);
    if (valid.length === 0) return [];
    const rows = await this.tags
      .find({ circleId: oid(circleId), _id: trusted({ $in: valid.map(oid) }) }, { _id: 1 })
      .lean<TagRecord[]>();
    return rows.map((t) => t._id.toHexString());
  }

  async assertTagsExist(circleId: string, tagIds: string[], field = 'tagIds'): Promise<void> {
    const found = new Set(await this.existing(circleId, tagIds));
    const missing = [...new Set(tagIds)].filter((id) => !found.has(id.toLowerCase()));
    if (missing.length > 0) {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, '标签不存在', [
        { field, message: `不是本圈子的标签: ${missing.join(',')}` },
      ]);
    }
  }

  private key(circleId: string, tagId: Types.ObjectId): { _id: Types.ObjectId; circleId: Types.ObjectId } {
    return { _id: tagId, circleId: oid(circleId) };
  }
}
