import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import {
  ErrorCode,
  type CircleRole,
  type MemberView,
  type MembershipStatus,
  type MyMembershipView,
  type Page,
} from '@quanzi/contract';
import { Model, trusted, Types, type ClientSession, type UpdateQuery } from 'mongoose';
import type { Actor } from '../auth/actor';
import { CircleAccessRegistry, type CircleMembershipReader } from '../auth/circle-access.registry';
import { DomainEventBus } from '../bus/domain-event-bus';
import { UnitOfWork } from '../database/unit-of-work';
import { conflict, DomainError, forbidden, notFound } from '../common/domain-error';
import { isObjectIdHex, oid } from '../common/object-id';
import { KeyedLock } from '../common/keyed-lock';
import { decodeCursor, decodeIdCursor, encodeCursor, pageSize } from '../common/pagination';
import { UsersService } from '../users/users.service';
import { CircleExtensions, type InviteGrant } from './circle-extensions';
import { Circle, Membership, type CircleRecord, type MembershipRecord } from './circles.schema';
import { toMemberTags, toMemberView, toMyMembershipView } from './circles.views';
import type { JoinCircleDto } from './dto/circle.dto';
import type { MemberListQueryDto } from './dto/member.dto';
import { Clock } from '../common/clock';

const DUPLICATE_KEY = 11000;
/** Nickname search scans at most this many memberships per request, so a page's cost is bounded. */
const SEARCH_SCAN_BUDGET = 2000;
const SEARCH_BATCH = 200;

/**
 * Memberships: joining, leaving, approvals, removal and roles. Every change of an active
 * membership and the circle's memberCount happen in one transaction, so the count stays exact.
 */
@Injectable()
export class MembershipsService implements OnModuleInit, CircleMembershipReader {
  private readonly countLock = new KeyedLock();

  constructor(
    @InjectModel(Circle.name) private readonly circles: Model<Circle>,
    @InjectModel(Membership.name) private readonly memberships: Model<Membership>,
    private readonly uow: UnitOfWork,
    private readonly extensions: CircleExtensions,
    private readonly registry: CircleAccessRegistry,
    private readonly users: UsersService,
    private readonly bus: DomainEventBus,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.registry.setMembershipReader(this);
  }

  async roleOf(circleId: string, userId: string): Promise<{ exists: boolean; role: CircleRole | null }> {
    const exists = (await this.circles.exists({ _id: oid(circleId) })) !== null;
    if (!exists) return { exists, role: null };
    return { exists, role: await this.activeRole(circleId, userId) };
  }

  /** The user's role if an active member, else null. */
  async activeRole(circleId: string, userId: string): Promise<CircleRole | null> {
    const m = await this.memberships
      .findOne({ circleId: oid(circleId), userId: oid(userId), status: 'active' }, { role: 1 })
      .lean<MembershipRecord>();
    return m?.role ?? null;
  }

  /**
   * open → active, approval → pending, invite → active with a valid code. Asking again while
   * active or pending returns the membership unchanged; a removed member always waits for approval.
   */
  async join(actor: Actor, circleOid: Types.ObjectId, dto: JoinCircleDto): Promise<MyMembershipView> {
    return (await this.joinThen(actor, circleOid, dto)).membership;
  }

  /** The user's membership status in the circle (any status), or null without a row. */
  async statusOf(circleId: string, userId: string): Promise<MembershipStatus | null> {
    return (await this.find(circleId, userId))?.status ?? null;
  }

  /**
   * Joins as `join` does and runs `within` in the same transaction once the membership (and the
   * invite's redemption) is written, so the caller's writes commit or roll back with the join.
   * `result` is undefined when nothing was joined (already active or pending, or a concurrent
   * join won): `within` did not run.
   */
  async joinThen<T>(
    actor: Actor,
    circleOid: Types.ObjectId,
    dto: JoinCircleDto,
    within?: (session: ClientSession, status: MembershipStatus) => Promise<T>,
  ): Promise<{ membership: MyMembershipView; result: T | undefined }> {
    const circleId = circleOid.toHexString();
    const circle = await this.findCircle(circleId);
    const existing = await this.find(circleId, actor.userId);
    if (existing && (existing.status === 'active' || existing.status === 'pending'))
      return { membership: toMyMembershipView(existing), result: undefined };

    const grant = dto.inviteCode ? await this.extensions.invites.verify(circleId, dto.inviteCode, actor.userId) : null;
    if (circle.joinPolicy === 'invite' && !grant) {
      throw new DomainError(ErrorCode.FORBIDDEN, '这个圈子仅限邀请加入，需要有效的邀请码', [
        { field: 'inviteCode', message: dto.inviteCode ? '邀请码无效或不属于这个圈子' : '请填写邀请码' },
      ]);
    }
    const status: MembershipStatus =
      existing?.status === 'removed' || circle.joinPolicy === 'approval' ? 'pending' : 'active';
    const now = this.clock.now();
    const fields = {
      role: 'member' as const,
      status,
      via: {
        inviteCode: grant?.inviteCode ?? null,
        inviterId: grant?.inviterId ? oid(grant.inviterId) : null,
        channel: grant?.channel ?? null,
      },
      requestedAt: now,
      joinedAt: status === 'active' ? now : null,
    };

    let joined: MembershipRecord | null;
    let result: T | undefined;
    // The invite's redemption (tags, referral, counter) and the caller's writes commit or roll
    // back with the membership.
    const redeem =
      grant || within
        ? async (session: ClientSession) => {
            if (grant) await this.extensions.invites.redeem(grant, circleId, actor.userId, session);
            if (within) result = await within(session, status);
          }
        : undefined;
    try {
      joined = existing
        ? await this.transition(
            circleId,
            { _id: existing._id, status: existing.status },
            { $set: fields },
            status === 'active' ? 1 : 0,
            redeem,
          )
        : await this.counted(circleId, async (session) => {
            const [created] = await this.memberships.create(
              [{ circleId: oid(circleId), userId: oid(actor.userId), ...fields }],
              { session },
            );
            if (status === 'active')
              await this.circles.updateOne({ _id: oid(circleId) }, { $inc: { memberCount: 1 } }, { session });
            await redeem?.(session);
            return created.toObject() as unknown as MembershipRecord;
          });
    } catch (error) {
      // Two joins raced: the unique index let one in; answer the other with that membership.
      if ((error as { code?: unknown }).code !== DUPLICATE_KEY) throw error;
      joined = null;
    }
    if (!joined) {
      const current = await this.find(circleId, actor.userId);
      if (!current) throw conflict('成员状态刚刚发生了变化，请重试');
      return { membership: toMyMembershipView(current), result: undefined };
    }
    if (status === 'active') await this.publishJoined(joined, grant);
    return { membership: toMyMembershipView(joined), result };
  }

  /** Members leave and pending requests are withdrawn; the owner cannot leave. */
  async leave(actor: Actor, circle: Types.ObjectId): Promise<MyMembershipView> {
    const circleId = circle.toHexString();
    await this.findCircle(circleId);
    const current = await this.find(circleId, actor.userId);
    if (!current) throw notFound('成员身份');
    if (current.role === 'owner') throw forbidden('圈主不能退出圈子');
    if (current.status !== 'active' && current.status !== 'pending') return toMyMembershipView(current);
    const wasActive = current.status === 'active';
    const left = await this.transition(
      circleId,
      { _id: current._id, status: current.status },
      { $set: { status: 'left', role: 'member' } },
      wasActive ? -1 : 0,
    );
    if (!left) return toMyMembershipView((await this.find(circleId, actor.userId)) ?? current);
    if (wasActive) await this.bus.publish('member.left', { circleId, actorId: actor.userId });
    return toMyMembershipView(left);
  }

  async approve(actor: Actor, circleId: string, userId: Types.ObjectId): Promise<MemberView> {
    const current = await this.requireTarget(circleId, userId);
    if (current.status !== 'pending') throw conflict('只能通过待审核的申请');
    const approved = await this.transition(
      circleId,
      { _id: current._id, status: 'pending' },
      { $set: { status: 'active', joinedAt: this.clock.now() } },
      1,
    );
    if (!approved) throw conflict('该申请已被其他管理员处理');
    await this.bus.publish('member.approved', { circleId, actorId: actor.userId, userId: userId.toHexString() });
    const via = approved.via;
    await this.publishJoined(
      approved,
      via?.inviteCode
        ? { inviteCode: via.inviteCode, inviterId: via.inviterId?.toHexString() ?? null, channel: via.channel }
        : null,
    );
    return this.memberView(approved);
  }

  async reject(actor: Actor, circleId: string, userId: Types.ObjectId): Promise<MemberView> {
    const current = await this.requireTarget(circleId, userId);
    if (current.status !== 'pending') throw conflict('只能拒绝待审核的申请');
    const rejected = await this.transition(
      circleId,
      { _id: current._id, status: 'pending' },
      { $set: { status: 'rejected' } },
      0,
    );
    if (!rejected) throw conflict('该申请已被其他管理员处理');
    await this.bus.publish('member.rejected', { circleId, actorId: actor.userId, userId: userId.toHexString() });
    return this.memberView(rejected);
  }

  /** One member as the admin member list shows it (with tag sources), any status. */
  async get(circleId: string, userId: Types.ObjectId): Promise<MemberView> {
    return this.memberView(await this.requireTarget(circleId, userId));
  }

  /** Admins remove members; only the owner removes admins; nobody removes the owner. */
  async remove(actor: Actor, actorRole: CircleRole, circleId: string, userId: Types.ObjectId): Promise<MemberView> {
    const current = await this.requireTarget(circleId, userId);
    if (current.role === 'owner') throw forbidden('圈主不能被移除');
    if (current.role === 'admin' && actorRole !== 'owner') throw forbidden('只有圈主可以移除管理员');
    if (current.status !== 'active') throw conflict('只能移除正式成员；待审核的申请请直接拒绝');
    const removed = await this.transition(
      circleId,
      { _id: current._id, status: 'active' },
      { $set: { status: 'removed', role: 'member' } },
      -1,
    );
    if (!removed) throw conflict('成员状态刚刚发生了变化，请刷新后重试');
    return this.memberView(removed);
  }

  /** Owner only (route guard): member ↔ admin. The owner's own role is not changed here. */
  async changeRole(
    actor: Actor,
    circleId: string,
    userId: Types.ObjectId,
    role: 'member' | 'admin',
  ): Promise<MemberView> {
    const current = await this.requireTarget(circleId, userId);
    if (current.role === 'owner') throw forbidden('圈主的角色不能修改');
    if (current.status !== 'active') throw conflict('只能为正式成员设置角色');
    const updated = await this.memberships
      .findOneAndUpdate({ _id: current._id, status: 'active' }, { $set: { role } }, { returnDocument: 'after' })
      .lean<MembershipRecord>();
    if (!updated) throw conflict('成员状态刚刚发生了变化，请刷新后重试');
    return this.memberView(updated);
  }

  /**
   * Admin member list, newest membership first. Tag, channel and inviter filters are part of
   * the membership query (indexed); nickname search (users belong to another module) runs over
   * bounded slices, so with `q` a page can be short while nextCursor says there is more.
   */
  async list(circleId: string, query: MemberListQueryDto): Promise<Page<MemberView>> {
    if (query.segment || query.sort === 'score') return this.listByScore(circleId, query);
    const limit = pageSize(query.limit);
    let after = decodeIdCursor(query.cursor);
    const tagIds = query.tagIds ? [...new Set(query.tagIds.split(','))].map(oid) : [];
    const filtering = Boolean(query.q);
    const base: Record<string, unknown> = {
      circleId: oid(circleId),
      status: query.status ?? 'active',
      ...(query.role ? { role: query.role } : {}),
    };
    if (tagIds.length > 0) base['tags.tagId'] = trusted(query.tagMode === 'any' ? { $in: tagIds } : { $all: tagIds });
    if (query.channel) base['via.channel'] = query.channel;
    if (query.inviterId) base['via.inviterId'] = oid(query.inviterId);
    const found: MembershipRecord[] = [];
    let scanned = 0;
    let exhausted = false;
    while (found.length <= limit && scanned < SEARCH_SCAN_BUDGET) {
      const batchSize = filtering ? SEARCH_BATCH : limit + 1 - found.length;
      const batch = await this.memberships
        .find({ ...base, ...(after ? { _id: trusted({ $lt: oid(after) }) } : {}) })
        .sort({ _id: -1 })
        .limit(batchSize)
        .lean<MembershipRecord[]>();
      scanned += batch.length;
      if (batch.length < batchSize) exhausted = true;
      let keep = batch;
      if (query.q && batch.length > 0) {
        const matching = await this.users.filterByNickname(
          batch.map((m) => m.userId.toHexString()),
          query.q,
        );
        keep = batch.filter((m) => matching.has(m.userId.toHexString()));
      }
      for (const m of keep) {
        found.push(m);
        after = m._id.toHexString();
        if (found.length > limit) break;
      }
      if (found.length <= limit && batch.length > 0) after = batch[batch.length - 1]._id.toHexString();
      if (exhausted) break;
    }
    const items = found.slice(0, limit);
    const more = found.length > limit || !exhausted;
    const lastKey = found.length > limit ? items[items.length - 1]._id.toHexString() : after;
    return {
      items: await this.memberViews(circleId, items),
      nextCursor: more && lastKey ? encodeCursor([lastKey]) : null,
    };
  }

  /**
   * Applies one guarded change to a membership and the matching memberCount change atomically.
   * Returns null when the membership no longer matches `filter` (someone else changed it first).
   */
  private async transition(
    circleId: string,
    filter: Record<string, unknown>,
    update: UpdateQuery<Membership>,
    delta: number,
    within?: (session: ClientSession) => Promise<void>,
  ): Promise<MembershipRecord | null> {
    return this.counted(circleId, async (session) => {
      const updated = await this.memberships
        .findOneAndUpdate(filter, update, { session, returnDocument: 'after' })
        .lean<MembershipRecord>();
      if (!updated) return null;
      if (delta !== 0)
        await this.circles.updateOne({ _id: oid(circleId) }, { $inc: { memberCount: delta } }, { session });
      await within?.(session);
      return updated;
    });
  }

  /** Membership changes of one circle queue up in this process instead of conflicting on its memberCount. */
  private counted<T>(circleId: string, work: (session: ClientSession) => Promise<T>): Promise<T> {
    return this.countLock.run(circleId, () => this.uow.run(work));
  }

  private async publishJoined(m: MembershipRecord, grant: Omit<InviteGrant, 'inviteId'> | null): Promise<void> {
    await this.bus.publish('member.joined', {
      circleId: m.circleId.toHexString(),
      actorId: m.userId.toHexString(),
      inviteCode: grant?.inviteCode ?? null,
      inviterId: grant?.inviterId ?? null,
      channel: grant?.channel ?? null,
    });
  }

  private async requireTarget(circleId: string, userId: Types.ObjectId): Promise<MembershipRecord> {
    const m = await this.find(circleId, userId);
    if (!m) throw notFound('成员');
    return m;
  }

  private find(circleId: string, userId: string | Types.ObjectId): Promise<MembershipRecord | null> {
    return this.memberships
      .findOne({ circleId: oid(circleId), userId: oid(userId) })
      .lean<MembershipRecord>()
      .exec();
  }

  private async findCircle(circleId: string): Promise<CircleRecord> {
    const circle = await this.circles.findById(circleId).lean<CircleRecord>();
    if (!circle) throw notFound('圈子');
    return circle;
  }

  private async memberView(m: MembershipRecord): Promise<MemberView> {
    return (await this.memberViews(m.circleId.toHexString(), [m]))[0];
  }

  private async memberViews(circleId: string, rows: MembershipRecord[]): Promise<MemberView[]> {
    const ids = rows.map((m) => m.userId.toHexString());
    const tagIds = [...new Set(rows.flatMap((m) => (m.tags ?? []).map((t) => t.tagId.toHexString())))];
    const [users, defs, engagement] = await Promise.all([
      this.users.summaries(ids),
      tagIds.length ? this.extensions.tags.describe(circleId, tagIds) : new Map(),
      this.extensions.engagement?.engagementOf(circleId, ids) ?? new Map<string, { score: number; segment: string }>(),
    ]);
    return rows.map((m) => {
      const e = engagement.get(m.userId.toHexString());
      const view = toMemberView(m, users.get(m.userId.toHexString()), toMemberTags(m, defs));
      return { ...view, score: e?.score ?? null, segment: e?.segment ?? null };
    });
  }

  /** Active members by engagement score (optionally one segment), from the analytics scores. */
  private async listByScore(circleId: string, query: MemberListQueryDto): Promise<Page<MemberView>> {
    const engagement = this.extensions.engagement;
    if (!engagement) return { items: [], nextCursor: null };
    const limit = pageSize(query.limit);
    const after = query.cursor
      ? decodeCursor(
          query.cursor,
          (k): k is [number, string] => k.length === 2 && typeof k[0] === 'number' && isObjectIdHex(k[1]),
        )
      : null;
    const ranked = await engagement.rankedPage(circleId, {
      segment: query.segment,
      after: after ? { score: after[0], userId: after[1] } : null,
      limit: limit + 1,
    });
    const page = ranked.slice(0, limit);
    const rows = await this.memberships
      .find({ circleId: oid(circleId), userId: trusted({ $in: page.map((r) => oid(r.userId)) }), status: 'active' })
      .lean<MembershipRecord[]>();
    const byUser = new Map(rows.map((m) => [m.userId.toHexString(), m]));
    const items = page.map((r) => byUser.get(r.userId)).filter((m): m is MembershipRecord => m !== undefined);
    const last = page[page.length - 1];
    return {
      items: await this.memberViews(circleId, items),
      nextCursor: ranked.length > limit && last ? encodeCursor([last.score, last.userId]) : null,
    };
  }
}
