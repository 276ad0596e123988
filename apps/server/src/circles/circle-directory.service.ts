import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { DirectoryEntryView, Page, PageQuery } from '@quanzi/contract';
import { Model, trusted } from 'mongoose';
import { forbidden, notFound } from '../common/domain-error';
import { oid } from '../common/object-id';
import { decodeIdCursor, encodeCursor, pageSize } from '../common/pagination';
import { UsersService } from '../users/users.service';
import { Circle, Membership, type CircleRecord, type MembershipRecord } from './circles.schema';

/**
 * The member directory members see when the owner enables it: nickname, avatar and join time
 * only (no channel, inviter, role history or admin tags).
 */
@Injectable()
export class CircleDirectoryService {
  constructor(
    @InjectModel(Circle.name) private readonly circles: Model<Circle>,
    @InjectModel(Membership.name) private readonly memberships: Model<Membership>,
    private readonly users: UsersService,
  ) {}

  /** Members (route guard); FORBIDDEN while the directory is off. Newest members first. */
  async list(circleId: string, query: PageQuery): Promise<Page<DirectoryEntryView>> {
    const circle = await this.circles.findById(circleId, { directoryEnabled: 1 }).lean<CircleRecord>();
    if (!circle) throw notFound('圈子');
    if (!circle.directoryEnabled) throw forbidden('这个圈子没有开启成员名录');
    const limit = pageSize(query.limit);
    const after = decodeIdCursor(query.cursor);
    const rows = await this.memberships
      .find(
        { circleId: oid(circleId), status: 'active', ...(after ? { _id: trusted({ $lt: oid(after) }) } : {}) },
        { userId: 1, joinedAt: 1 },
      )
      .sort({ _id: -1 })
      .limit(limit + 1)
      .lean<MembershipRecord[]>();
    const items = rows.slice(0, limit);
    const users = await this.users.summaries(items.map((m) => m.userId.toHexString()));
    return {
      items: items.map((m) => {
        const user = users.get(m.userId.toHexString());
        return {
          userId: m.userId.toHexString(),
          nickname: user?.nickname ?? '已注销用户',
          avatarUrl: user?.avatarUrl ?? null,
          joinedAt: m.joinedAt ? m.joinedAt.toISOString() : null,
        };
      }),
      nextCursor: rows.length > limit ? encodeCursor([items[items.length - 1]._id.toHexString()]) : null,
    };
  }
}
