import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import {
  ChatLimits,
  ErrorCode,
  LiveRooms,
  roleSatisfies,
  type ChatHistoryQuery,
  type ChatHistoryView,
  type ChatMessageView,
  type ChatMuteRequest,
  type ChatMuteView,
  type ChatUnreadView,
  type LiveServerFrame,
  type SendChatMessageRequest,
} from '@quanzi/contract';
import { Model, trusted, type Types } from 'mongoose';
import type { Actor } from '../auth/actor';
import { DomainEventBus } from '../bus/domain-event-bus';
import { Clock } from '../common/clock';
import { KeyedLock } from '../common/keyed-lock';
import { DomainError, forbidden, notFound, RateLimitedError } from '../common/domain-error';
import { oid } from '../common/object-id';
import { Settings } from '../config/settings';
import { afterCommit, UnitOfWork } from '../database/unit-of-work';
import { EventsService } from '../events/events.service';
import { LiveHub } from '../live/live-hub';
import { LiveRoomRegistry } from '../live/live-rooms';
import { ContentCheckService } from '../posts/content-check.service';
import { RateLimitCounters } from '../rate-limits/rate-limit-counters';
import { isOwnUploadUrl } from '../uploads/upload-refs';
import { UsersService } from '../users/users.service';
import { toChatMessageViews } from './chat.views';
import {
  ChatMessage,
  ChatMute,
  ChatRead,
  ChatRoom,
  type ChatMessageRecord,
  type ChatMuteRecord,
  type ChatRoomRecord,
} from './chat.schema';
import { chatWindow } from './chat-rules';

const DUPLICATE_KEY = 11000;
/**
 * How long a room access decision is reused for the same member: a busy room then costs no event,
 * membership and ticket lookups per message. A revoked ticket stops writing within this time;
 * mutes are checked on every message.
 */
const ACCESS_TTL_MS = 5_000;
const ACCESS_CACHE_MAX = 10_000;
const invalid = (field: string, message: string) =>
  new DomainError(ErrorCode.VALIDATION_FAILED, message, [{ field, message }]);

/** Who the caller is in one event's room. */
interface RoomAccess {
  eventId: Types.ObjectId;
  circleId: Types.ObjectId;
  admin: boolean;
  canWrite: boolean;
}

/**
 * Event chat rooms: confirmed ticket holders, checkers and circle admins read and write; the
 * room opens when the admin opens it (or a few hours before the start) and turns read-only some
 * days after the end. Each message takes the room's next sequence number in the same unit of
 * work as its row; the live hub announces it after commit.
 */
@Injectable()
export class ChatService implements OnModuleInit {
  constructor(
    @InjectModel(ChatRoom.name) private readonly rooms: Model<ChatRoom>,
    @InjectModel(ChatMessage.name) private readonly messages: Model<ChatMessage>,
    @InjectModel(ChatMute.name) private readonly mutes: Model<ChatMute>,
    @InjectModel(ChatRead.name) private readonly reads: Model<ChatRead>,
    private readonly events: EventsService,
    private readonly users: UsersService,
    private readonly content: ContentCheckService,
    private readonly uow: UnitOfWork,
    private readonly hub: LiveHub,
    private readonly bus: DomainEventBus,
    private readonly registry: LiveRoomRegistry,
    private readonly limits: RateLimitCounters,
    private readonly settings: Settings,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.registry.register('event', {
      join: async (actor, eventId, after) => {
        const access = await this.access(actor, eventId);
        const room = await this.rooms.findById(access.eventId).lean<ChatRoomRecord>();
        const lastSeq = room?.lastSeq ?? 0;
        if (after === undefined || after >= lastSeq) return { lastSeq, backlog: [] };
        // The whole gap, however long: the client asked to resume from `after`.
        const rows = await this.messages
          .find({ eventId: access.eventId, seq: trusted({ $gt: after, $lte: lastSeq }) })
          .sort({ seq: 1 })
          .lean<ChatMessageRecord[]>();
        const room_ = LiveRooms.eventChat(eventId);
        const views = await this.views(rows);
        return { lastSeq, backlog: views.map((message): LiveServerFrame => ({ op: 'message', room: room_, message })) };
      },
      send: async (actor, eventId, body) => {
        const message = await this.sendLimited(actor, eventId, body);
        return { seq: message.seq, id: message.id };
      },
    });
  }

  async history(actor: Actor, eventId: string, query: ChatHistoryQuery): Promise<ChatHistoryView> {
    const access = await this.access(actor, eventId);
    const limit = Math.min(query.limit ?? 50, ChatLimits.historyPageMax);
    const seq: Record<string, number> = {};
    if (query.after !== undefined) seq.$gt = query.after;
    if (query.before !== undefined) seq.$lt = query.before;
    const filter = { eventId: access.eventId, ...(Object.keys(seq).length ? { seq: trusted(seq) } : {}) };
    // `after` reads forward (resume); otherwise the newest page before `before` (scroll-back).
    const forward = query.after !== undefined && query.before === undefined;
    const rows = await this.messages
      .find(filter)
      .sort({ seq: forward ? 1 : -1 })
      .limit(limit)
      .lean<ChatMessageRecord[]>();
    if (!forward) rows.reverse();
    const [room, mute, pinned] = await Promise.all([
      this.rooms.findById(access.eventId).lean<ChatRoomRecord>(),
      this.activeMute(access.eventId, actor.userId),
      this.messages
        .findOne({ eventId: access.eventId, announcement: true, deletedAt: null })
        .sort({ seq: -1 })
        .lean<ChatMessageRecord>(),
    ]);
    return {
      items: await this.views(rows),
      lastSeq: room?.lastSeq ?? 0,
      pinned: pinned ? (await this.views([pinned]))[0] : null,
      canWrite: access.canWrite && !mute,
      admin: access.admin,
      mutedUntil: mute ? mute.until.toISOString() : null,
    };
  }

  /** `send` behind the per-user limit (every socket and instance of the user counts). */
  async sendLimited(actor: Actor, eventId: string, body: SendChatMessageRequest): Promise<ChatMessageView> {
    const { count, resetAtMs } = await this.limits.add(`chat-send:${actor.userId}`, 1, ChatLimits.sendWindowMs);
    if (count > ChatLimits.sendBurst) {
      throw new RateLimitedError(
        Math.max(1, Math.ceil((resetAtMs - this.clock.nowMs()) / 1000)),
        '发言太频繁，请稍后再试',
      );
    }
    return this.send(actor, eventId, body);
  }

  async send(actor: Actor, eventId: string, body: SendChatMessageRequest): Promise<ChatMessageView> {
    const access = await this.cachedAccess(actor, eventId);
    if (!access.canWrite) throw new DomainError(ErrorCode.CLOSED, '聊天室未开放或已结束');
    const text = typeof body.text === 'string' ? body.text.trim() : '';
    const imageUrl = typeof body.imageUrl === 'string' && body.imageUrl ? body.imageUrl : null;
    if (typeof body.clientId !== 'string' || !/^[\w-]{1,64}$/.test(body.clientId))
      throw invalid('clientId', 'clientId 应为 1-64 位字母数字');
    if (!text && !imageUrl) throw invalid('text', '消息不能为空');
    if ([...text].length > ChatLimits.textMax) throw invalid('text', `消息最多 ${ChatLimits.textMax} 字`);
    if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(text)) throw invalid('text', '消息含有不可见字符');
    if (imageUrl && !isOwnUploadUrl(imageUrl, this.settings)) throw invalid('imageUrl', '图片须先上传到本站');
    const announcement = body.announcement === true;
    if (announcement && !access.admin) throw forbidden('只有管理员可以发布公告');
    const mute = await this.activeMute(access.eventId, actor.userId);
    if (mute) throw forbidden(`你已被禁言至 ${mute.until.toISOString()}`);
    const existing = await this.findRetry(access.eventId, actor.userId, body.clientId);
    if (existing) return (await this.views([existing]))[0];
    let replyToId: Types.ObjectId | null = null;
    if (body.replyTo !== undefined) {
      const target =
        typeof body.replyTo === 'string' && /^[0-9a-f]{24}$/.test(body.replyTo)
          ? await this.messages.findOne({ _id: oid(body.replyTo), eventId: access.eventId }, { _id: 1 }).lean()
          : null;
      if (!target) throw invalid('replyTo', '回复的消息不存在');
      replyToId = target._id;
    }
    if (text) {
      const status = await this.content.statusFor(actor.userId, text, 2, 'text');
      // A room is live: there is no queue where a held-back message could wait for an admin.
      if (status !== 'published') throw new DomainError(ErrorCode.CONTENT_REJECTED, '内容未通过安全检测');
    }
    let stored: ChatMessageRecord;
    try {
      // One send per room at a time in this process: the room's counter document is hot, and
      // parallel transactions on it would mostly conflict and retry.
      stored = await this.roomLock.run(eventId, () =>
        this.uow.run(async (session) => {
          const room = await this.rooms
            .findOneAndUpdate(
              { _id: access.eventId },
              { $inc: { lastSeq: 1 } },
              { upsert: true, returnDocument: 'after', session },
            )
            .lean<ChatRoomRecord>();
          const [row] = await this.messages.create(
            [
              {
                eventId: access.eventId,
                circleId: access.circleId,
                seq: room!.lastSeq,
                authorId: oid(actor.userId),
                text,
                imageUrl,
                replyToId,
                clientId: body.clientId,
                announcement,
                createdAt: this.clock.now(),
              },
            ],
            { session },
          );
          const record = row.toObject() as ChatMessageRecord;
          await afterCommit(session, () => this.announce(record));
          return record;
        }),
      );
    } catch (error) {
      if ((error as { code?: unknown }).code !== DUPLICATE_KEY) throw error;
      // Two sends with one clientId raced: the other one stored it.
      const raced = await this.findRetry(access.eventId, actor.userId, body.clientId);
      if (!raced) throw error;
      stored = raced;
    }
    return (await this.views([stored]))[0];
  }

  /** Admins: blanks the message for everyone (the row keeps its seq) and tells connected clients. */
  async remove(actor: Actor, messageId: Types.ObjectId): Promise<ChatMessageView> {
    const row = await this.messages.findById(messageId).lean<ChatMessageRecord>();
    if (!row) throw notFound('消息');
    const access = await this.access(actor, row.eventId.toHexString());
    if (!access.admin) throw forbidden('仅限圈子管理员');
    const updated = await this.messages
      .findOneAndUpdate(
        { _id: row._id, deletedAt: null },
        { $set: { deletedAt: this.clock.now(), deletedBy: oid(actor.userId) } },
        { returnDocument: 'after' },
      )
      .lean<ChatMessageRecord>();
    if (updated) {
      const room = LiveRooms.eventChat(row.eventId.toHexString());
      await this.hub.publish(room, { op: 'deleted', room, id: row._id.toHexString() });
    }
    return (await this.views([updated ?? row]))[0];
  }

  /** Admins: the member cannot send in this room until `minutes` from now (0 lifts the mute). */
  async mute(actor: Actor, eventId: string, dto: ChatMuteRequest): Promise<ChatMuteView> {
    const access = await this.access(actor, eventId);
    if (!access.admin) throw forbidden('仅限圈子管理员');
    const until = new Date(this.clock.nowMs() + dto.minutes * 60_000);
    await this.mutes.updateOne(
      { eventId: access.eventId, userId: oid(dto.userId) },
      { $set: { until, mutedBy: oid(actor.userId) } },
      { upsert: true },
    );
    return { userId: dto.userId, until: until.toISOString() };
  }

  async unread(actor: Actor, eventId: string): Promise<ChatUnreadView> {
    const access = await this.access(actor, eventId);
    const [room, read] = await Promise.all([
      this.rooms.findById(access.eventId).lean<ChatRoomRecord>(),
      this.reads.findOne({ eventId: access.eventId, userId: oid(actor.userId) }).lean(),
    ]);
    const lastSeq = room?.lastSeq ?? 0;
    const lastReadSeq = Math.min(read?.lastReadSeq ?? 0, lastSeq);
    return { eventId, lastSeq, lastReadSeq, unread: lastSeq - lastReadSeq };
  }

  /** The member has read up to `seq` (never moves back). */
  async markRead(actor: Actor, eventId: string, seq: number): Promise<ChatUnreadView> {
    const access = await this.access(actor, eventId);
    await this.reads.updateOne(
      { eventId: access.eventId, userId: oid(actor.userId) },
      { $max: { lastReadSeq: seq } },
      { upsert: true },
    );
    return this.unread(actor, eventId);
  }

  private readonly roomLock = new KeyedLock();
  private readonly accessCache = new Map<string, { access: RoomAccess; until: number }>();

  /** `access`, reused for ACCESS_TTL_MS (sending only: reads and admin actions always look again). */
  private async cachedAccess(actor: Actor, eventId: string): Promise<RoomAccess> {
    const key = `${actor.userId}:${eventId}`;
    const now = this.clock.nowMs();
    const hit = this.accessCache.get(key);
    if (hit && hit.until > now) return hit.access;
    const access = await this.access(actor, eventId);
    if (this.accessCache.size >= ACCESS_CACHE_MAX) this.accessCache.clear();
    this.accessCache.set(key, { access, until: now + ACCESS_TTL_MS });
    return access;
  }

  private async access(actor: Actor, eventId: string): Promise<RoomAccess> {
    const { event, role, admin, canCheckIn, holder } = await this.events.chatAccess(actor.userId, eventId);
    if (!admin && !canCheckIn && !holder) throw forbidden('仅限持票成员、签到员和管理员进入聊天室');
    const window = chatWindow(
      { chatEnabled: event.chatEnabled ?? false, startAt: event.startAt, endAt: event.endAt, status: event.status },
      this.clock.now(),
    );
    if (window === 'not_open' && !admin) throw new DomainError(ErrorCode.CLOSED, '聊天室尚未开放');
    return {
      eventId: event._id,
      circleId: event.circleId,
      admin: admin || roleSatisfies(role, 'admin'),
      canWrite: window === 'open' || (window === 'not_open' && admin),
    };
  }

  private async activeMute(eventId: Types.ObjectId, userId: string): Promise<ChatMuteRecord | null> {
    return this.mutes
      .findOne({ eventId, userId: oid(userId), until: trusted({ $gt: this.clock.now() }) })
      .lean<ChatMuteRecord>();
  }

  private findRetry(eventId: Types.ObjectId, userId: string, clientId: string): Promise<ChatMessageRecord | null> {
    return this.messages.findOne({ eventId, authorId: oid(userId), clientId }).lean<ChatMessageRecord>();
  }

  private async announce(row: ChatMessageRecord): Promise<void> {
    const room = LiveRooms.eventChat(row.eventId.toHexString());
    const [message] = await this.views([row]);
    await this.hub.publish(room, { op: 'message', room, message });
    // Not awaited: keyword tag rules and the activity log (a transaction per message) stay off the
    // send path; the bus catches and logs its listeners' failures.
    if (row.text)
      void this.bus.publish('chat.message_sent', {
        circleId: row.circleId.toHexString(),
        actorId: row.authorId.toHexString(),
        eventId: row.eventId.toHexString(),
        messageId: row._id.toHexString(),
        text: row.text,
      });
    if (row.announcement) {
      // For notifications (reach): they deliver it to the room's members where that has landed.
      await this.bus.publish('chat.announced', {
        circleId: row.circleId.toHexString(),
        actorId: row.authorId.toHexString(),
        eventId: row.eventId.toHexString(),
        messageId: row._id.toHexString(),
        text: row.text,
      });
    }
  }

  private async views(rows: ChatMessageRecord[]): Promise<ChatMessageView[]> {
    const replyIds = rows.flatMap((r) => (r.replyToId ? [r.replyToId] : []));
    const replies = replyIds.length
      ? await this.messages.find({ _id: trusted({ $in: replyIds }) }).lean<ChatMessageRecord[]>()
      : [];
    const users = await this.users.summaries([...rows, ...replies].map((r) => r.authorId.toHexString()));
    return toChatMessageViews(rows, new Map(replies.map((r) => [r._id.toHexString(), r])), users);
  }
}
