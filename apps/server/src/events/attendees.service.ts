import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { RegistrationStatusLabels, type Page, type RegistrationView } from '@quanzi/contract';
import { Model, trusted, Types } from 'mongoose';
import { oid } from '../common/object-id';
import type { Actor } from '../auth/actor';
import { MEMBER_TAG_DIRECTORY, type MemberTagDirectory } from '../circles/circle-extensions';
import { shanghaiMinute } from '../common/china-time';
import { toCsv } from '../common/csv';
import { yuan } from '../common/money';
import { decodeIdCursor, encodeCursor, pageSize } from '../common/pagination';
import { escapeRegex } from '../common/regex';
import type { RegistrationListQueryDto } from './dto/registration.dto';
import { Registration, TicketType, type RegistrationRecord, type TicketTypeRecord } from './events.schema';
import { EventsService } from './events.service';
import { RegistrationViews } from './registration-views';

const EXPORT_BATCH = 500;

/** The admins' attendee list (search, filters, pages) and its CSV export. */
@Injectable()
export class AttendeesService {
  constructor(
    @InjectModel(Registration.name) private readonly registrations: Model<Registration>,
    @InjectModel(TicketType.name) private readonly types: Model<TicketType>,
    @Inject(MEMBER_TAG_DIRECTORY) private readonly tags: MemberTagDirectory,
    private readonly events: EventsService,
    private readonly regViews: RegistrationViews,
  ) {}

  /** Admins (route guard). `q` matches the nickname or a phone answer, literally. */
  async list(actor: Actor, eventId: string, query: RegistrationListQueryDto): Promise<Page<RegistrationView>> {
    const { event } = await this.events.access(actor, eventId);
    const limit = pageSize(query.limit);
    const after = decodeIdCursor(query.cursor);
    const filter: Record<string, unknown> = {
      eventId: event._id,
      ...(query.status ? { status: query.status } : {}),
      ...(query.ticketTypeId ? { ticketTypeId: oid(query.ticketTypeId) } : {}),
      ...(after ? { _id: trusted({ $lt: oid(after) }) } : {}),
    };
    if (query.q) {
      const pattern = trusted({ $regex: escapeRegex(query.q), $options: 'i' });
      const phoneKeys = event.formFields.filter((f) => f.type === 'phone').map((f) => f.key);
      filter.$or = [{ 'holder.nickname': pattern }, ...phoneKeys.map((k) => ({ [`answers.${k}`]: pattern }))];
    }
    const rows = await this.registrations
      .find(filter)
      .sort({ _id: -1 })
      .limit(limit + 1)
      .lean<RegistrationRecord[]>();
    const items = rows.slice(0, limit);
    return {
      items: await this.regViews.views(items),
      nextCursor: rows.length > limit ? encodeCursor([items[items.length - 1]._id.toHexString()]) : null,
    };
  }

  /** Admins (route guard): every registration as CSV, UTF-8 with a BOM so Excel shows Chinese. */
  async csv(actor: Actor, eventId: string): Promise<string> {
    const { event } = await this.events.access(actor, eventId);
    const circleId = event.circleId.toHexString();
    const types = await this.types.find({ eventId: event._id }).lean<TicketTypeRecord[]>();
    const typeName = new Map(types.map((t) => [t._id.toHexString(), t.name]));
    const header = [
      '昵称',
      '票种',
      '价格(元)',
      '状态',
      '报名时间',
      '签到时间',
      ...event.formFields.map((f) => f.label),
      '标签',
      '邀请码',
    ];
    const rows: string[][] = [header];
    let after: Types.ObjectId | null = null;
    for (;;) {
      const batch: RegistrationRecord[] = await this.registrations
        .find({ eventId: event._id, ...(after ? { _id: trusted({ $gt: after }) } : {}) })
        .sort({ _id: 1 })
        .limit(EXPORT_BATCH)
        .lean<RegistrationRecord[]>();
      if (batch.length === 0) break;
      const tags = await this.tags.tagsOf(circleId, [...new Set(batch.map((r) => r.userId.toHexString()))]);
      for (const r of batch) {
        const cells = [
          r.holder.nickname,
          typeName.get(r.ticketTypeId.toHexString()) ?? '',
          yuan(r.priceFen),
          RegistrationStatusLabels[r.status],
          shanghaiMinute(r.createdAt),
          shanghaiMinute(r.checkedInAt),
          ...event.formFields.map((f) => (r.answers && Object.hasOwn(r.answers, f.key) ? r.answers[f.key] : '')),
          (tags.get(r.userId.toHexString()) ?? []).map((t) => t.name).join('、'),
          r.inviteCode ?? '',
        ];
        rows.push(cells);
      }
      after = batch[batch.length - 1]._id;
      if (batch.length < EXPORT_BATCH) break;
    }
    // Every cell quoted: form answers are free text.
    return toCsv(rows, { quoteAll: true });
  }
}
