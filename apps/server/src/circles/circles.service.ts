import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { CircleRole, CircleView, InviteLandingView, Page, PageQuery } from '@quanzi/contract';
import { Model, trusted, Types } from 'mongoose';
import type { Actor } from '../auth/actor';
import { requireRole } from '../auth/circle-access.registry';
import { forbidden, notFound } from '../common/domain-error';
import { oid } from '../common/object-id';
import { escapeRegex } from '../common/regex';
import { decodeIdCursor, encodeCursor, pageSize } from '../common/pagination';
import { Circle, Membership, type CircleRecord, type MembershipRecord } from './circles.schema';
import { toCircleView } from './circles.views';
import type { CircleListQueryDto, CreateCircleDto, UpdateCircleDto } from './dto/circle.dto';
import { UnitOfWork } from '../database/unit-of-work';
import { Clock } from '../common/clock';

/** Circles themselves: creation, discovery, detail and settings. Memberships live next door. */
@Injectable()
export class CirclesService {
  constructor(
    @InjectModel(Circle.name) private readonly circles: Model<Circle>,
    @InjectModel(Membership.name) private readonly memberships: Model<Membership>,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  /** The circle and its owner's membership are written together, so a circle never lacks an owner. */
  async create(actor: Actor, dto: CreateCircleDto): Promise<CircleView> {
    const now = this.clock.now();
    const circleId = new Types.ObjectId();
    await this.uow.run(async (session) => {
      await this.circles.create(
        [
          {
            _id: circleId,
            name: dto.name,
            description: dto.description ?? '',
            coverUrl: dto.coverUrl ?? null,
            joinPolicy: dto.joinPolicy,
            visibility: dto.visibility ?? (dto.joinPolicy === 'invite' ? 'hidden' : 'public'),
            ownerId: oid(actor.userId),
            memberCount: 1,
          },
        ],
        { session },
      );
      await this.memberships.create(
        [{ circleId, userId: oid(actor.userId), role: 'owner', status: 'active', requestedAt: now, joinedAt: now }],
        { session },
      );
    });
    return this.get(actor, circleId);
  }

  /**
   * 发现 (signed out too): public circles, newest first; hidden ones are reachable only by link.
   * `q` is an escaped, case-insensitive regex on the name — it finds Chinese substrings, which
   * word-based text indexes do not; it scans circles newest first and stops at the page size.
   */
  async list(actor: Actor | null, query: CircleListQueryDto): Promise<Page<CircleView>> {
    const limit = pageSize(query.limit);
    const after = decodeIdCursor(query.cursor);
    const filter: Record<string, unknown> = { visibility: trusted({ $ne: 'hidden' }) };
    if (after) filter._id = trusted({ $lt: oid(after) });
    if (query.q) filter.name = trusted({ $regex: escapeRegex(query.q), $options: 'i' });
    const rows = await this.circles
      .find(filter)
      .sort({ _id: -1 })
      .limit(limit + 1)
      .lean<CircleRecord[]>();
    return this.page(actor, rows, limit);
  }

  /** Circles the caller belongs to or asked to join, most recent membership first. */
  async mine(actor: Actor, query: PageQuery): Promise<Page<CircleView>> {
    const limit = pageSize(query.limit);
    const after = decodeIdCursor(query.cursor);
    const memberships = await this.memberships
      .find({
        userId: oid(actor.userId),
        status: trusted({ $in: ['active', 'pending'] }),
        ...(after ? { _id: trusted({ $lt: oid(after) }) } : {}),
      })
      .sort({ _id: -1 })
      .limit(limit + 1)
      .lean<MembershipRecord[]>();
    const more = memberships.length > limit;
    const pageRows = memberships.slice(0, limit);
    const circles = await this.circles
      .find({ _id: trusted({ $in: pageRows.map((m) => m.circleId) }) })
      .lean<CircleRecord[]>();
    const byId = new Map(circles.map((c) => [c._id.toHexString(), c]));
    const items = pageRows.flatMap((m) => {
      const circle = byId.get(m.circleId.toHexString());
      return circle ? [toCircleView(circle, m)] : [];
    });
    return { items, nextCursor: more ? encodeCursor([pageRows[pageRows.length - 1]._id.toHexString()]) : null };
  }

  async get(actor: Actor, circleId: Types.ObjectId): Promise<CircleView> {
    const circle = await this.findCircle(circleId);
    const mine = await this.memberships
      .findOne({ circleId: circle._id, userId: oid(actor.userId) })
      .lean<MembershipRecord>();
    return toCircleView(circle, mine);
  }

  /** Admins (checked by the route guard) edit the settings; memberCount and owner are not editable. */
  async update(actor: Actor, circleId: string, dto: UpdateCircleDto, role: CircleRole | null): Promise<CircleView> {
    if ((dto.visibility !== undefined || dto.directoryEnabled !== undefined) && role !== 'owner')
      throw forbidden('只有圈主可以设置圈子的可见范围和成员名录');
    const $set: Partial<Circle> = {};
    if (dto.visibility !== undefined) $set.visibility = dto.visibility;
    if (dto.directoryEnabled !== undefined) $set.directoryEnabled = dto.directoryEnabled;
    if (dto.name !== undefined) $set.name = dto.name;
    if (dto.description !== undefined) $set.description = dto.description;
    if (dto.coverUrl !== undefined) $set.coverUrl = dto.coverUrl;
    if (dto.joinPolicy !== undefined) $set.joinPolicy = dto.joinPolicy;
    if (Object.keys($set).length > 0) {
      const res = await this.circles.updateOne({ _id: oid(circleId) }, { $set });
      if (res.matchedCount === 0) throw notFound('圈子');
    }
    return this.get(actor, oid(circleId));
  }

  /** For other modules: the circle's join policy (feeds of open circles are readable by anyone). */
  async findCircle(circleId: Types.ObjectId): Promise<CircleRecord> {
    const circle = await this.circles.findById(circleId).lean<CircleRecord>();
    if (!circle) throw notFound('圈子');
    return circle;
  }

  /** What an invite's landing page shows of the circle; NOT_FOUND when it is gone. */
  async card(circleId: Types.ObjectId): Promise<InviteLandingView['circle']> {
    const circle = await this.findCircle(circleId);
    return {
      id: circle._id.toHexString(),
      name: circle.name,
      description: circle.description ?? '',
      coverUrl: circle.coverUrl ?? null,
      memberCount: circle.memberCount,
      joinPolicy: circle.joinPolicy,
    };
  }

  /** Throws FORBIDDEN unless the user's active role satisfies `required`. */
  async requireMember(circleId: string, userId: string, required: 'member' | 'admin' | 'owner' = 'member') {
    const m = await this.memberships
      .findOne({ circleId: oid(circleId), userId: oid(userId), status: 'active' })
      .lean<MembershipRecord>();
    return requireRole(m?.role ?? null, required);
  }

  private async page(actor: Actor | null, rows: CircleRecord[], limit: number): Promise<Page<CircleView>> {
    const more = rows.length > limit;
    const pageRows = rows.slice(0, limit);
    const mine = actor
      ? await this.memberships
          .find({ userId: oid(actor.userId), circleId: trusted({ $in: pageRows.map((c) => c._id) }) })
          .lean<MembershipRecord[]>()
      : [];
    const byCircle = new Map(mine.map((m) => [m.circleId.toHexString(), m]));
    return {
      items: pageRows.map((c) => toCircleView(c, byCircle.get(c._id.toHexString()) ?? null)),
      nextCursor: more ? encodeCursor([pageRows[pageRows.length - 1]._id.toHexString()]) : null,
    };
  }
}
