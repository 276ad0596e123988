import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Page, ReportView } from '@quanzi/contract';
import { Model, trusted } from 'mongoose';
import type { Actor } from '../auth/actor';
import { CircleAccessRegistry } from '../auth/circle-access.registry';
import { conflict, notFound } from '../common/domain-error';
import { decodeIdCursor, encodeCursor, pageSize } from '../common/pagination';
import { UsersService } from '../users/users.service';
import type { CreateReportDto, ReportQueueQueryDto, ResolveReportDto } from './dto/post.dto';
import { Report, type ReportRecord } from './posts.schema';
import { PostsService } from './posts.service';
import { toReportView } from './posts.views';
import { Clock } from '../common/clock';
import { oid } from '../common/object-id';

const DUPLICATE_KEY = 11000;

/** Members report posts; admins work through the queue, dismissing or removing the post. */
@Injectable()
export class ReportsService implements OnModuleInit {
  constructor(
    @InjectModel(Report.name) private readonly reports: Model<Report>,
    private readonly posts: PostsService,
    private readonly users: UsersService,
    private readonly registry: CircleAccessRegistry,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.registry.registerResolver('report', async (id) => {
      const report = await this.reports.findById(id, { circleId: 1 }).lean<ReportRecord>();
      return report ? report.circleId.toHexString() : null;
    });
  }

  /** Members (route guard). Reporting the same post again returns the first report. */
  async report(actor: Actor, postId: string, dto: CreateReportDto): Promise<ReportView> {
    const post = await this.posts.findPublished(postId);
    const key = { postId: post._id, reporterId: oid(actor.userId) };
    try {
      await this.reports.updateOne(
        key,
        { $setOnInsert: { circleId: post.circleId, reason: dto.reason, status: 'open' } },
        { upsert: true },
      );
    } catch (error) {
      if ((error as { code?: unknown }).code !== DUPLICATE_KEY) throw error;
    }
    const report = await this.reports.findOne(key).lean<ReportRecord>();
    if (!report) throw notFound('举报');
    return (await this.views([report]))[0];
  }

  /** Admins (route guard): the queue, newest first; open reports unless `status=resolved`. */
  async list(circleId: string, query: ReportQueueQueryDto): Promise<Page<ReportView>> {
    const limit = pageSize(query.limit);
    const after = decodeIdCursor(query.cursor);
    const rows = await this.reports
      .find({
        circleId: oid(circleId),
        status: query.status ?? 'open',
        ...(after ? { _id: trusted({ $lt: oid(after) }) } : {}),
      })
      .sort({ _id: -1 })
      .limit(limit + 1)
      .lean<ReportRecord[]>();
    const items = rows.slice(0, limit);
    return {
      items: await this.views(items),
      nextCursor: rows.length > limit ? encodeCursor([items[items.length - 1]._id.toHexString()]) : null,
    };
  }

  /** Admins (route guard). The decision closes every open report on the same post. */
  async resolve(actor: Actor, reportId: string, dto: ResolveReportDto): Promise<ReportView> {
    const report = await this.reports.findById(reportId).lean<ReportRecord>();
    if (!report) throw notFound('举报');
    if (report.status !== 'open') throw conflict('该举报已处理');
    if (dto.action === 'remove') await this.posts.softDelete(report.postId, actor.userId);
    await this.reports.updateMany(
      { postId: report.postId, status: 'open' },
      {
        $set: {
          status: 'resolved',
          resolution: dto.action,
          resolvedBy: oid(actor.userId),
          resolvedAt: this.clock.now(),
        },
      },
    );
    const resolved = await this.reports.findById(reportId).lean<ReportRecord>();
    return (await this.views([resolved!]))[0];
  }

  private async views(rows: ReportRecord[]): Promise<ReportView[]> {
    if (rows.length === 0) return [];
    const posts = await this.posts.findAnyByIds(rows.map((r) => r.postId));
    const users = await this.users.summaries([
      ...rows.map((r) => r.reporterId.toHexString()),
      ...[...posts.values()].map((p) => p.authorId.toHexString()),
    ]);
    return rows.map((r) => toReportView(r, posts.get(r.postId.toHexString()), users));
  }
}
