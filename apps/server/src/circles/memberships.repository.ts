import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, trusted, type AnyBulkWriteOperation, type ClientSession, type Types } from 'mongoose';
import { oid } from '../common/object-id';
import type { TagGrantSource } from './circle-extensions';
import { Membership, type MemberTag } from './circles.schema';

/**
 * Ids per `$in`: small enough for the planner to turn it into index point lookups on
 * (circleId, userId) (the embedded engine expands at most 200 equality values), instead of
 * matching every membership of the circle against a thousand values.
 */
const ID_CHUNK = 50;

const chunks = <T>(list: T[]): T[][] =>
  Array.from({ length: Math.ceil(list.length / ID_CHUNK) }, (_, i) => list.slice(i * ID_CHUNK, (i + 1) * ID_CHUNK));

/** A tag grant as other modules describe it; stored as a `MemberTag` on the membership. */
export interface TagGrant {
  tagId: string;
  source: TagGrantSource;
  at: Date;
}

/** A member among the asked ids, with the tag ids they hold. */
export interface TagHolding {
  userId: string;
  tagIds: string[];
}

const toMemberTag = (g: TagGrant): MemberTag => ({
  tagId: oid(g.tagId),
  source: { kind: g.source.kind, refId: g.source.refId, label: g.source.label },
  at: g.at,
});

/**
 * The named operations other modules use on the `memberships` collection (tags and invites
 * read and write through here; no other module holds the model). Operations that take a session
 * join the caller's transaction.
 */
@Injectable()
export class MembershipsRepository {
  constructor(@InjectModel(Membership.name) private readonly memberships: Model<Membership>) {}

  /** Whether the user has a membership row in the circle, whatever its status. */
  async exists(circleId: string, userId: string): Promise<boolean> {
    return (await this.memberships.exists({ circleId: oid(circleId), userId: oid(userId) })) !== null;
  }

  /** How many memberships of the circle are active and how many await approval (index-only counts). */
  async countByStatus(circleId: string): Promise<{ active: number; pending: number }> {
    const [active, pending] = await Promise.all([
      this.memberships.countDocuments({ circleId: oid(circleId), status: 'active' }),
      this.memberships.countDocuments({ circleId: oid(circleId), status: 'pending' }),
    ]);
    return { active, pending };
  }

  /** Every active member of the circle with when they joined (batch jobs such as engagement scores). */
  async activeMembers(circleId: string): Promise<{ userId: string; joinedAt: Date | null }[]> {
    const rows = await this.memberships
      .find({ circleId: oid(circleId), status: 'active' }, { userId: 1, joinedAt: 1 })
      .lean<{ userId: Types.ObjectId; joinedAt: Date | null }[]>();
    return rows.map((r) => ({ userId: r.userId.toHexString(), joinedAt: r.joinedAt }));
  }

  /** Active members with how they joined and their tags (the member export), oldest member first. */
  async exportRows(circleId: string): Promise<
    {
      userId: string;
      joinedAt: Date | null;
      channel: string | null;
      tags: { tagId: string; kind: string; label: string | null }[];
    }[]
  > {
    const rows = await this.memberships
      .find({ circleId: oid(circleId), status: 'active' }, { userId: 1, joinedAt: 1, via: 1, tags: 1 })
      .sort({ joinedAt: 1, _id: 1 })
      .lean<Pick<Membership, 'userId' | 'joinedAt' | 'via' | 'tags'>[]>();
    return rows.map((r) => ({
      userId: r.userId.toHexString(),
      joinedAt: r.joinedAt,
      channel: r.via?.channel ?? null,
      tags: (r.tags ?? []).map((t) => ({ tagId: t.tagId.toHexString(), kind: t.source.kind, label: t.source.label })),
    }));
  }

  /**
   * Active members narrowed by tags (all or any of them), join channel and inviter; fields left
   * out do not narrow. Broadcast audiences start here.
   */
  async activeMembersWhere(
    circleId: string,
    where: { tagIds?: string[]; tagMode?: 'all' | 'any'; channel?: string; inviterId?: string },
  ): Promise<string[]> {
    const filter: Record<string, unknown> = { circleId: oid(circleId), status: 'active' };
    if (where.tagIds && where.tagIds.length > 0) {
      const ids = where.tagIds.map(oid);
      filter['tags.tagId'] = trusted(where.tagMode === 'any' ? { $in: ids } : { $all: ids });
    }
    if (where.channel !== undefined) filter['via.channel'] = where.channel;
    if (where.inviterId !== undefined) filter['via.inviterId'] = oid(where.inviterId);
    const rows = await this.memberships.find(filter, { userId: 1 }).lean<{ userId: Types.ObjectId }[]>();
    return rows.map((r) => r.userId.toHexString());
  }

  /** Those of `userIds` who are active members of the circle. */
  async activeAmong(circleId: string, userIds: string[]): Promise<Set<string>> {
    const active = new Set<string>();
    for (const part of chunks(userIds)) {
      const rows = await this.memberships
        .find({ circleId: oid(circleId), userId: trusted({ $in: part.map(oid) }), status: 'active' }, { userId: 1 })
        .lean<{ userId: Types.ObjectId }[]>();
      for (const r of rows) active.add(r.userId.toHexString());
    }
    return active;
  }

  /**
   * Adds one tag to the user's membership unless it is held already (the guard is in the
   * update's filter, so a repeat is a no-op and the first source stays). True when added.
   */
  async addTag(circleId: string, userId: string, grant: TagGrant, session?: ClientSession): Promise<boolean> {
    const res = await this.memberships.updateOne(
      { circleId: oid(circleId), userId: oid(userId), 'tags.tagId': trusted({ $ne: oid(grant.tagId) }) },
      { $push: { tags: toMemberTag(grant) } },
      { session },
    );
    return res.modifiedCount > 0;
  }

  /** Members of the circle among `userIds` (any status) and the tags each holds, in grant order. */
  async tagHoldings(circleId: string, userIds: string[], session?: ClientSession): Promise<TagHolding[]> {
    const holdings: TagHolding[] = [];
    for (const part of chunks(userIds)) {
      const rows = await this.memberships
        .find({ circleId: oid(circleId), userId: trusted({ $in: part.map(oid) }) }, { userId: 1, 'tags.tagId': 1 })
        .session(session ?? null)
        .lean<{ userId: Types.ObjectId; tags?: { tagId: Types.ObjectId }[] }[]>();
      for (const r of rows) {
        holdings.push({ userId: r.userId.toHexString(), tagIds: (r.tags ?? []).map((t) => t.tagId.toHexString()) });
      }
    }
    return holdings;
  }

  /** Those of `userIds` whose membership carries every tag in `tagIds`. */
  async findMembersByTags(circleId: string, userIds: string[], tagIds: string[]): Promise<string[]> {
    const holders: string[] = [];
    for (const part of chunks(userIds)) {
      const rows = await this.memberships
        .find(
          {
            circleId: oid(circleId),
            userId: trusted({ $in: part.map(oid) }),
            'tags.tagId': trusted({ $all: tagIds.map(oid) }),
          },
          { userId: 1 },
        )
        .lean<{ userId: Types.ObjectId }[]>();
      holders.push(...rows.map((r) => r.userId.toHexString()));
    }
    return holders;
  }

  /**
   * Grants and withdraws tags for many members in one bulkWrite (a few updateMany per tag, ids
   * in chunks). A grant is pushed only where the tag is not held.
   */
  async changeTags(
    circleId: string,
    changes: { add: { grant: TagGrant; userIds: string[] }[]; remove: { tagId: string; userIds: string[] }[] },
    session: ClientSession,
  ): Promise<void> {
    const circle = oid(circleId);
    const ops: AnyBulkWriteOperation<Membership>[] = [
      ...changes.add.flatMap(({ grant, userIds }) =>
        chunks(userIds).map((part) => ({
          updateMany: {
            filter: {
              circleId: circle,
              userId: trusted({ $in: part.map(oid) }),
              'tags.tagId': trusted({ $ne: oid(grant.tagId) }),
            },
            update: { $push: { tags: toMemberTag(grant) } },
          },
        })),
      ),
      ...changes.remove.flatMap(({ tagId, userIds }) =>
        chunks(userIds).map((part) => ({
          updateMany: {
            filter: { circleId: circle, userId: trusted({ $in: part.map(oid) }) },
            update: { $pull: { tags: { tagId: oid(tagId) } } },
          },
        })),
      ),
    ];
    if (ops.length > 0) await this.memberships.bulkWrite(ops, { session, ordered: true });
  }

  /** Takes the tag from every member of the circle (its definition is going); returns who held it. */
  async removeTagFromAll(circleId: string, tagId: string, session: ClientSession): Promise<string[]> {
    const filter = { circleId: oid(circleId), 'tags.tagId': oid(tagId) };
    const holders = await this.memberships
      .find(filter, { userId: 1 })
      .session(session)
      .lean<{ userId: Types.ObjectId }[]>();
    await this.memberships.updateMany(filter, { $pull: { tags: { tagId: oid(tagId) } } }, { session });
    return holders.map((h) => h.userId.toHexString());
  }
}
