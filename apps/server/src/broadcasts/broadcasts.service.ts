import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import {
  BroadcastLimits,
  ErrorCode,
  type BroadcastDetail,
  type BroadcastPreview,
  type BroadcastView,
  type Page,
} from '@quanzi/contract';
import { Model, trusted } from 'mongoose';
import type { Actor } from '../auth/actor';
import { CircleAccessRegistry } from '../auth/circle-access.registry';
import { Clock } from '../common/clock';
import { conflict, DomainError, notFound } from '../common/domain-error';
import { oid } from '../common/object-id';
import { decodeIdCursor, encodeCursor, pageSize, type PageQueryDto } from '../common/pagination';
import { Jobs } from '../jobs/jobs.service';
import { NotificationsService } from '../notifications/notifications.service';
import { ContentCheckService } from '../posts/content-check.service';
import { UsersService } from '../users/users.service';
import { AudienceResolver } from './audience';
import { broadcastSourceKey, SEND_JOB } from './broadcast-fanout';
import { pageOf, toBroadcastView, toStats, type DeliveryTally } from './broadcast-views';
import { Broadcast, BroadcastDelivery, type BroadcastRecord } from './broadcasts.schema';
import type { BroadcastAudienceDto, CreateBroadcastDto } from './dto/broadcast.dto';

const invalid = (field: string, message: string) =>
  new DomainError(ErrorCode.VALIDATION_FAILED, message, [{ field, message }]);

/** 群发私信: preview, compose (checked like posts), schedule, cancel, and per-broadcast stats. */
@Injectable()
export class BroadcastsService implements OnModuleInit {
  constructor(
    @InjectModel(Broadcast.name) private readonly broadcasts: Model<Broadcast>,
    @InjectModel(BroadcastDelivery.name) private readonly deliveries: Model<BroadcastDelivery>,
    private readonly audience: AudienceResolver,
    private readonly users: UsersService,
    private readonly contentCheck: ContentCheckService,
    private readonly notifications: NotificationsService,
    private readonly registry: CircleAccessRegistry,
    private readonly jobs: Jobs,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.registry.registerResolver('broadcast', async (id) => {
      const b = await this.broadcasts.findById(id, { circleId: 1 }).lean<BroadcastRecord>();
      return b ? b.circleId.toHexString() : null;
    });
  }

  async preview(circleId: string, audience: BroadcastAudienceDto): Promise<BroadcastPreview> {
    const ids = await this.audience.resolve(circleId, audience);
    const sampleIds = ids.slice(0, BroadcastLimits.sampleSize);
    const names = await this.users.summaries(sampleIds);
    return {
      count: ids.length,
      sample: sampleIds.map((userId) => ({ userId, nickname: names.get(userId)?.nickname ?? '' })),
    };
  }

  /** Validates everything before storing anything; sends now (a job) or at `sendAt`. */
  async create(actor: Actor, circleId: string, dto: CreateBroadcastDto): Promise<BroadcastView> {
    const now = this.clock.now();
    const sendAt = dto.sendAt ? new Date(dto.sendAt) : now;
    if (sendAt.getTime() < now.getTime() - 60_000) throw invalid('sendAt', '定时发送时间已过');
    if (dto.link && !(await this.registry.belongsToCircle(dto.link.type, dto.link.id.toLowerCase(), circleId))) {
      throw invalid('link', '链接的内容不存在或不属于本圈子');
    }
    const count = (await this.audience.resolve(circleId, dto.audience)).length;
    // Like a post; a broadcast cannot wait in the review queue, so `review` is refused as well.
    const status = await this.contentCheck.statusFor(actor.userId, `${dto.title}\n${dto.body}`, 3, 'body');
    if (status !== 'published') {
      throw new DomainError(ErrorCode.CONTENT_REJECTED, '内容需人工审核，不能群发', [
        { field: 'body', message: '内容需人工审核，不能群发' },
      ]);
    }
    const link = dto.link ? { type: dto.link.type, id: dto.link.id.toLowerCase() } : null;
    const scheduled = sendAt.getTime() > now.getTime();
    const [row] = await this.broadcasts.create([
      {
        circleId: oid(circleId),
        createdBy: oid(actor.userId),
        title: dto.title,
        body: dto.body,
        link,
        page: pageOf(link),
        audience: stripUndefined(dto.audience),
        status: scheduled ? 'scheduled' : 'sending',
        audienceCount: count,
        snapshotAt: null,
        sendAt,
        createdAt: now,
        sentAt: null,
        cancelledAt: null,
      },
    ]);
    const id = row._id.toHexString();
    try {
      await this.jobs.schedule(sendAt, SEND_JOB, { broadcastId: id }, { uniqueKey: id });
    } catch (error) {
      await this.broadcasts.deleteOne({ _id: row._id });
      throw error;
    }
    return toBroadcastView(row.toObject() as BroadcastRecord);
  }

  async list(circleId: string, query: PageQueryDto): Promise<Page<BroadcastView>> {
    const limit = pageSize(query.limit);
    const after = decodeIdCursor(query.cursor);
    const filter: Record<string, unknown> = { circleId: oid(circleId) };
    if (after) filter._id = trusted({ $lt: oid(after) });
    const rows = await this.broadcasts
      .find(filter)
      .sort({ _id: -1 })
      .limit(limit + 1)
      .lean<BroadcastRecord[]>();
    const page = rows.slice(0, limit);
    return {
      items: page.map(toBroadcastView),
      nextCursor: rows.length > limit ? encodeCursor([page[page.length - 1]._id.toHexString()]) : null,
    };
  }

  async get(id: string): Promise<BroadcastDetail> {
    const b = await this.find(id);
    const tallies = await this.deliveries.aggregate<DeliveryTally>([
      { $match: { broadcastId: b._id } },
      {
        $group: {
          _id: { state: '$state', reason: '$reason', push: '$push', pushError: '$pushError' },
          n: { $sum: 1 },
        },
      },
      {
        $project: {
          _id: 0,
          state: '$_id.state',
          reason: '$_id.reason',
          push: '$_id.push',
          pushError: '$_id.pushError',
          n: 1,
        },
      },
    ]);
    const opened = await this.notifications.sourceStats(broadcastSourceKey(id));
    const stats = toStats(tallies, opened);
    if (!b.snapshotAt) stats.audience = b.audienceCount;
    return { ...toBroadcastView(b), stats };
  }

  /** Only a scheduled broadcast; one that started sending cannot be called back. */
  async cancel(id: string): Promise<BroadcastView> {
    const b = await this.broadcasts
      .findOneAndUpdate(
        { _id: oid(id), status: 'scheduled' },
        { $set: { status: 'cancelled', cancelledAt: this.clock.now() } },
        { returnDocument: 'after' },
      )
      .lean<BroadcastRecord>();
    if (!b) {
      await this.find(id);
      throw conflict('只能取消尚未发送的定时群发');
    }
    await this.jobs.cancel(SEND_JOB, id);
    return toBroadcastView(b);
  }

  private async find(id: string): Promise<BroadcastRecord> {
    const b = await this.broadcasts.findById(id).lean<BroadcastRecord>();
    if (!b) throw notFound('群发');
    return b;
  }
}

/** The audience as stored: only the fields given (a DTO instance carries undefined ones). */
function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
