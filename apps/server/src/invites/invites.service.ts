import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import {
  ErrorCode,
  InviteCodePattern,
  PersonalInviteChannel,
  type InviteLandingView,
  type InviteView,
  type Page,
} from '@quanzi/contract';
import { Model, trusted } from 'mongoose';
import { shanghaiDay } from '../common/china-time';
import type { Actor } from '../auth/actor';
import { CircleAccessRegistry } from '../auth/circle-access.registry';
import { DomainEventBus } from '../bus/domain-event-bus';
import { DomainError } from '../common/domain-error';
import { KeyedLock } from '../common/keyed-lock';
import { decodeIdCursor, encodeCursor, pageSize } from '../common/pagination';
import {
  MEMBER_TAG_DIRECTORY,
  MEMBER_TAGGER,
  type MemberTagDirectory,
  type MemberTagger,
} from '../circles/circle-extensions';
import { CirclesService } from '../circles/circles.service';
import { UnitOfWork } from '../database/unit-of-work';
import { UsersService } from '../users/users.service';
import type { CreateInviteDto, InviteListQueryDto } from './dto/invite.dto';
import { newInviteCode } from './invite-code';
import { Invite, InviteClick, type InviteRecord } from './invites.schema';
import { closedMessage, inviteState, toInviteView, toPerson } from './invites.views';
import type { Visitor } from './visitor.decorator';
import { Clock } from '../common/clock';
import { oid } from '../common/object-id';

const DUPLICATE_KEY = 11000;
const isDuplicate = (error: unknown) => (error as { code?: unknown }).code === DUPLICATE_KEY;
/** A fresh 10-character code colliding is ~never; a few retries make it certain. */
const CODE_ATTEMPTS = 5;

/** Invite links: creating (admins), personal links (members), opening (anyone) with click counting. */
@Injectable()
export class InvitesService {
  /** Clicks on one link queue up in this process instead of storming its counter with write conflicts. */
  private readonly clickLock = new KeyedLock();

  constructor(
    @InjectModel(Invite.name) private readonly invites: Model<Invite>,
    @InjectModel(InviteClick.name) private readonly clicks: Model<InviteClick>,
    private readonly circles: CirclesService,
    @Inject(MEMBER_TAGGER) private readonly tagger: MemberTagger,
    @Inject(MEMBER_TAG_DIRECTORY) private readonly tagDirectory: MemberTagDirectory,
    private readonly users: UsersService,
    private readonly bus: DomainEventBus,
    private readonly registry: CircleAccessRegistry,
    private readonly clock: Clock,
    private readonly uow: UnitOfWork,
  ) {}

  /** Whether `code` is an invite of this circle (open or not): what a signup may record as its source. */
  async isCodeOfCircle(code: string, circleId: string): Promise<boolean> {
    if (!InviteCodePattern.test(code)) return false;
    return (await this.invites.exists({ code, circleId: oid(circleId) })) !== null;
  }

  /**
   * A member who signs up (or responds) through an invite gets its preset tags with the invite as
   * their source. An unknown, closed, foreign or own code grants nothing: attribution must never
   * block a signup. Idempotent like every tag grant.
   */
  async grantInviteTags(code: string, circleId: string, userId: string): Promise<void> {
    if (!/^[0-9A-Za-z]{1,32}$/.test(code)) return;
    const invite = await this.invites.findOne({ code, circleId: oid(circleId) }).lean<InviteRecord>();
    if (
      !invite ||
      inviteState(invite, this.clock.now()) !== 'open' ||
      invite.inviterId.toHexString() === userId ||
      invite.tagIds.length === 0
    )
      return;
    await this.tagger.addTags(
      circleId,
      userId,
      invite.tagIds.map((t) => t.toHexString()),
      {
        kind: 'invite',
        refId: invite._id.toHexString(),
        label: invite.channel,
      },
    );
  }

  /** A link may point at this circle, or at an event or poll of it. */
  private async assertTargetInCircle(
    circleId: string,
    target: { type: 'circle' | 'event' | 'poll'; id: string },
  ): Promise<void> {
    const fits =
      target.type === 'circle'
        ? target.id.toLowerCase() === circleId
        : await this.registry.belongsToCircle(target.type, target.id.toLowerCase(), circleId);
    if (!fits) {
      const message = {
        circle: '目标圈子必须是本圈子',
        event: '目标活动不存在或不属于本圈子',
        poll: '目标问卷不存在或不属于本圈子',
      }[target.type];
      throw new DomainError(ErrorCode.VALIDATION_FAILED, message, [{ field: 'target.id', message }]);
    }
  }

  async create(actor: Actor, circleId: string, dto: CreateInviteDto): Promise<InviteView> {
    const tagIds = dto.tagIds ?? [];
    await this.tagger.assertTagsExist(circleId, tagIds);
    const expiresAt = dto.expiresAt ? new Date(dto.expiresAt) : null;
    if (expiresAt && expiresAt.getTime() <= this.clock.nowMs()) {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, '过期时间必须晚于现在', [
        { field: 'expiresAt', message: '过期时间必须晚于现在' },
      ]);
    }
    if (dto.target) await this.assertTargetInCircle(circleId, dto.target);
    const invite = await this.insertWithFreshCode({
      circleId: oid(circleId),
      kind: 'link',
      channel: dto.channel,
      tagIds: tagIds.map(oid),
      target: dto.target ? { type: dto.target.type, id: oid(dto.target.id) } : null,
      inviterId: oid(actor.userId),
      expiresAt,
      maxUses: dto.maxUses ?? null,
    });
    return (await this.views(circleId, [invite]))[0];
  }

  /** The circle's admin links (not members' personal ones), for the channel dashboard. */
  async channelLinks(circleId: string): Promise<{ id: string; code: string; channel: string }[]> {
    const rows = await this.invites
      .find({ circleId: oid(circleId), kind: 'link' }, { code: 1, channel: 1 })
      .sort({ _id: 1 })
      .lean<Pick<InviteRecord, '_id' | 'code' | 'channel'>[]>();
    return rows.map((r) => ({ id: r._id.toHexString(), code: r.code, channel: r.channel }));
  }

  /** The member's own link in this circle: created once, the same code ever after. */
  async mine(actor: Actor, circleId: string): Promise<InviteView> {
    const key = { circleId: oid(circleId), inviterId: oid(actor.userId), kind: 'personal' as const };
    let invite = await this.invites.findOne(key).lean<InviteRecord>();
    if (!invite) {
      try {
        invite = await this.insertWithFreshCode({
          ...key,
          channel: PersonalInviteChannel,
          tagIds: [],
          target: null,
          expiresAt: null,
          maxUses: null,
        });
      } catch (error) {
        // Two first calls raced; the partial unique index kept one, which both answer with.
        if (!isDuplicate(error)) throw error;
        invite = await this.invites.findOne(key).lean<InviteRecord>();
        if (!invite) throw error;
      }
    }
    return (await this.views(circleId, [invite]))[0];
  }

  async list(circleId: string, query: InviteListQueryDto): Promise<Page<InviteView>> {
    const limit = pageSize(query.limit);
    const after = decodeIdCursor(query.cursor);
    const rows = await this.invites
      .find({
        circleId: oid(circleId),
        ...(query.kind ? { kind: query.kind } : {}),
        ...(after ? { _id: trusted({ $lt: oid(after) }) } : {}),
      })
      .sort({ _id: -1 })
      .limit(limit + 1)
      .lean<InviteRecord[]>();
    const items = rows.slice(0, limit);
    const nextCursor = rows.length > limit ? encodeCursor([items[items.length - 1]._id.toHexString()]) : null;
    return { items: await this.views(circleId, items), nextCursor };
  }

  /**
   * Landing info for a code. Counts a click once per visitor per China day: the unique
   * (invite, visitor, day) row decides, so refreshes and races do not inflate `clicks`.
   */
  async open(code: string, visitor: Visitor): Promise<InviteLandingView> {
    const invite = await this.findOpen(code);
    const view = await this.toLanding(invite);
    if (visitor.userId !== invite.inviterId.toHexString()) await this.countClick(invite, visitor);
    return view;
  }

  /** The same landing info without counting a click (e.g. for rendering the invite's poster). */
  async landing(code: string): Promise<InviteLandingView> {
    return this.toLanding(await this.findOpen(code));
  }

  /** The invite for a code; NOT_FOUND for an unknown code, CLOSED when expired or used up. */
  private async findOpen(code: string): Promise<InviteRecord> {
    const invite = /^[0-9A-Za-z]{1,32}$/.test(code) ? await this.invites.findOne({ code }).lean<InviteRecord>() : null;
    if (!invite) throw new DomainError(ErrorCode.NOT_FOUND, '邀请链接不存在');
    const state = inviteState(invite, this.clock.now());
    if (state !== 'open') throw new DomainError(ErrorCode.CLOSED, closedMessage(state));
    return invite;
  }

  private async toLanding(invite: InviteRecord): Promise<InviteLandingView> {
    const circle = await this.circles.card(invite.circleId);
    const inviterId = invite.inviterId.toHexString();
    const inviter = (await this.users.summaries([inviterId])).get(inviterId);
    return {
      code: invite.code,
      channel: invite.channel,
      circle,
      inviter: toPerson(inviterId, inviter),
      target: invite.target ? { type: invite.target.type, id: invite.target.id.toHexString() } : null,
    };
  }

  private async countClick(invite: InviteRecord, visitor: Visitor): Promise<void> {
    const key = visitor.userId
      ? `u:${visitor.userId}`
      : `h:${createHash('sha256').update(visitor.ip).digest('hex').slice(0, 32)}`;
    const now = this.clock.now();
    // The row and the count commit together; a click already counted today rolls back as a duplicate.
    const counted = await this.clickLock
      .run(invite._id.toHexString(), () =>
        this.uow.run(async (session) => {
          const row = { inviteId: invite._id, visitor: key, day: shanghaiDay(now), at: now };
          await this.clicks.create([row], { session });
          await this.invites.updateOne({ _id: invite._id }, { $inc: { clicks: 1 } }, { session });
          return true;
        }),
      )
      .catch((error: unknown) => {
        if (isDuplicate(error)) return false;
        throw error;
      });
    if (!counted) return;
    await this.bus.publish('invite.clicked', {
      circleId: invite.circleId.toHexString(),
      actorId: visitor.userId,
      inviteCode: invite.code,
      inviterId: invite.inviterId.toHexString(),
    });
  }

  private async insertWithFreshCode(fields: Omit<Invite, 'code' | 'clicks' | 'joins'>): Promise<InviteRecord> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const created = await this.invites.create({ ...fields, code: newInviteCode() });
        return created.toObject() as unknown as InviteRecord;
      } catch (error) {
        const codeClash = isDuplicate(error) && 'code' in ((error as { keyPattern?: object }).keyPattern ?? {});
        if (!codeClash || attempt >= CODE_ATTEMPTS) throw error;
      }
    }
  }

  private async views(circleId: string, rows: InviteRecord[]): Promise<InviteView[]> {
    const tagIds = [...new Set(rows.flatMap((r) => (r.tagIds ?? []).map((id) => id.toHexString())))];
    const [users, defs] = await Promise.all([
      this.users.summaries(rows.map((r) => r.inviterId.toHexString())),
      tagIds.length
        ? this.tagDirectory.describe(circleId, tagIds)
        : Promise.resolve(new Map<string, { name: string; color: string }>()),
    ]);
    return rows.map((r) => toInviteView(r, users.get(r.inviterId.toHexString()), defs, this.clock.now()));
  }
}
