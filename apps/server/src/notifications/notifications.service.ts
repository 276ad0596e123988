import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import {
  NotificationLimits,
  type NotificationKind,
  type NotificationSettingsView,
  type NotificationsPage,
  type NotificationView,
  type QuietHours,
  type UnreadCountView,
} from '@quanzi/contract';
import { Model, trusted } from 'mongoose';
import type { Actor } from '../auth/actor';
import { Clock } from '../common/clock';
import { notFound } from '../common/domain-error';
import { oid } from '../common/object-id';
import { decodeIdCursor, encodeCursor, pageSize } from '../common/pagination';
import type {
  MarkNotificationsReadDto,
  NotificationsQueryDto,
  UpdateNotificationSettingsDto,
} from './dto/notifications.dto';
import {
  Notification,
  NotificationSetting,
  type NotificationRecord,
  type NotificationSettingRecord,
} from './notifications.schema';

/** What a producer hands in: one item for every recipient. */
export interface NotificationDraft {
  kind: NotificationKind;
  circleId: string | null;
  title: string;
  body: string;
  link: string | null;
  /** Identifies the cause (e.g. `event_cancelled:<eventId>`): a recipient gets it once. */
  sourceKey: string;
}

const DUPLICATE_KEY = 11000;

function toNotificationView(n: NotificationRecord): NotificationView {
  return {
    id: n._id.toHexString(),
    kind: n.kind,
    circleId: n.circleId ? n.circleId.toHexString() : null,
    title: n.title,
    body: n.body,
    link: n.link,
    readAt: n.readAt ? n.readAt.toISOString() : null,
    createdAt: n.createdAt.toISOString(),
  };
}

@Injectable()
export class NotificationsService {
  constructor(
    @InjectModel(Notification.name) private readonly notifications: Model<Notification>,
    @InjectModel(NotificationSetting.name) private readonly settings: Model<NotificationSetting>,
    private readonly clock: Clock,
  ) {}

  /**
   * Puts the item in each recipient's inbox, except where the member muted the circle or turned
   * the kind off. Idempotent per (recipient, sourceKey). Returns the user ids it reached.
   */
  async deliver(userIds: string[], draft: NotificationDraft): Promise<string[]> {
    const unique = [...new Set(userIds)];
    if (unique.length === 0) return [];
    const prefs = await this.settings
      .find({ userId: trusted({ $in: unique.map((id) => oid(id)) }) })
      .lean<NotificationSettingRecord[]>();
    const blocked = new Set(
      prefs
        .filter(
          (p) =>
            p.disabledKinds.includes(draft.kind) ||
            (draft.circleId !== null && p.mutedCircleIds.some((c) => c.toHexString() === draft.circleId)),
        )
        .map((p) => p.userId.toHexString()),
    );
    const recipients = unique.filter((id) => !blocked.has(id));
    const createdAt = this.clock.now();
    const rows = recipients.map((id) => ({
      userId: oid(id),
      kind: draft.kind,
      circleId: draft.circleId ? oid(draft.circleId) : null,
      title: draft.title,
      body: draft.body,
      link: draft.link,
      sourceKey: draft.sourceKey,
      readAt: null,
      createdAt,
    }));
    try {
      await this.notifications.insertMany(rows, { ordered: false });
    } catch (error) {
      // Already delivered to some (a redelivered event): the others were inserted.
      const writeErrors = (error as { writeErrors?: Array<{ code?: number; err?: { code?: number } }> }).writeErrors;
      if (!writeErrors || writeErrors.some((e) => (e.code ?? e.err?.code) !== DUPLICATE_KEY)) throw error;
    }
    return recipients;
  }

  async list(actor: Actor, query: NotificationsQueryDto): Promise<NotificationsPage> {
    const limit = pageSize(query.limit);
    const after = decodeIdCursor(query.cursor);
    const filter: Record<string, unknown> = { userId: oid(actor.userId) };
    if (query.unread === 1) filter.readAt = null;
    if (after) filter._id = trusted({ $lt: oid(after) });
    const rows = await this.notifications
      .find(filter)
      .sort({ _id: -1 })
      .limit(limit + 1)
      .lean<NotificationRecord[]>();
    const page = rows.slice(0, limit);
    return {
      items: page.map(toNotificationView),
      nextCursor: rows.length > limit ? encodeCursor([page[page.length - 1]._id.toHexString()]) : null,
      unread: await this.unread(actor.userId),
    };
  }

  /** Marks the given items (only the caller's own) or all of them read. */
  async markRead(actor: Actor, dto: MarkNotificationsReadDto): Promise<UnreadCountView> {
    const userId = oid(actor.userId);
    if (dto.all === true) {
      await this.notifications.updateMany({ userId, readAt: null }, { $set: { readAt: this.clock.now() } });
    } else if (dto.ids && dto.ids.length > 0) {
      await this.notifications.updateMany(
        { userId, readAt: null, _id: trusted({ $in: dto.ids.map((id) => oid(id)) }) },
        { $set: { readAt: this.clock.now() } },
      );
    }
    return { unread: await this.unread(actor.userId) };
  }

  /** The member opened the item's link: marks it read and clicked (own items only; 404 otherwise). */
  async click(actor: Actor, id: string): Promise<UnreadCountView> {
    const now = this.clock.now();
    const row = await this.notifications
      .findOneAndUpdate({ _id: oid(id), userId: oid(actor.userId) }, { $set: { clickedAt: now } })
      .lean<NotificationRecord>();
    if (!row) throw notFound('消息');
    if (!row.readAt) await this.notifications.updateOne({ _id: row._id }, { $set: { readAt: now } });
    return { unread: await this.unread(actor.userId) };
  }

  /** How many recipients of one cause (e.g. `broadcast:<id>`) read the item and opened its link. */
  async sourceStats(sourceKey: string): Promise<{ read: number; clicked: number }> {
    const [read, clicked] = await Promise.all([
      this.notifications.countDocuments({ sourceKey, readAt: trusted({ $ne: null }) }),
      this.notifications.countDocuments({ sourceKey, clickedAt: trusted({ $ne: null }) }),
    ]);
    return { read, clicked };
  }

  /** Each given member's quiet hours (the default window for members who never saved settings). */
  async quietHoursOf(userIds: string[]): Promise<Map<string, QuietHours | null>> {
    const rows = await this.settings
      .find({ userId: trusted({ $in: userIds.map((id) => oid(id)) }) }, { userId: 1, quietHours: 1 })
      .lean<Pick<NotificationSettingRecord, 'userId' | 'quietHours'>[]>();
    const found = new Map(rows.map((r) => [r.userId.toHexString(), r.quietHours]));
    return new Map(
      userIds.map((id) => [id, found.has(id) ? (found.get(id) ?? null) : { ...NotificationLimits.defaultQuietHours }]),
    );
  }

  async getSettings(actor: Actor): Promise<NotificationSettingsView> {
    const row = await this.settings.findOne({ userId: oid(actor.userId) }).lean<NotificationSettingRecord>();
    return toSettingsView(row);
  }

  async updateSettings(actor: Actor, dto: UpdateNotificationSettingsDto): Promise<NotificationSettingsView> {
    const set: Record<string, unknown> = {};
    if (dto.mutedCircleIds !== undefined) set.mutedCircleIds = [...new Set(dto.mutedCircleIds)].map((id) => oid(id));
    if (dto.disabledKinds !== undefined) set.disabledKinds = [...new Set(dto.disabledKinds)];
    if (dto.quietHours !== undefined) {
      set.quietHours = dto.quietHours === null ? null : { start: dto.quietHours.start, end: dto.quietHours.end };
    }
    const row = await this.settings
      .findOneAndUpdate(
        { userId: oid(actor.userId) },
        {
          $set: set,
          $setOnInsert: {
            ...('mutedCircleIds' in set ? {} : { mutedCircleIds: [] }),
            ...('disabledKinds' in set ? {} : { disabledKinds: [] }),
            ...('quietHours' in set ? {} : { quietHours: NotificationLimits.defaultQuietHours }),
          },
        },
        { upsert: true, returnDocument: 'after' },
      )
      .lean<NotificationSettingRecord>();
    return toSettingsView(row);
  }

  private unread(userId: string): Promise<number> {
    return this.notifications.countDocuments({ userId: oid(userId), readAt: null });
  }
}

function toSettingsView(row: NotificationSettingRecord | null): NotificationSettingsView {
  if (!row) return { mutedCircleIds: [], disabledKinds: [], quietHours: { ...NotificationLimits.defaultQuietHours } };
  return {
    mutedCircleIds: row.mutedCircleIds.map((id) => id.toHexString()),
    disabledKinds: row.disabledKinds,
    quietHours: row.quietHours ? { start: row.quietHours.start, end: row.quietHours.end } : null,
  };
}
