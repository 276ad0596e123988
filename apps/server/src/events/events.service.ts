import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import {
  ErrorCode,
  roleSatisfies,
  type CircleRole,
  type EventSummaryView,
  type EventView,
  type FieldError,
  type Page,
} from '@quanzi/contract';
import { Model, trusted, Types } from 'mongoose';
import { shanghaiDay } from '../common/china-time';
import type { Actor } from '../auth/actor';
import { CircleAccessRegistry } from '../auth/circle-access.registry';
import { DomainEventBus } from '../bus/domain-event-bus';
import { MEMBER_TAGGER, type MemberTagger } from '../circles/circle-extensions';
import { MembershipsService } from '../circles/memberships.service';
import { conflict, DomainError, notFound } from '../common/domain-error';
import { decodeIdCursor, encodeCursor, pageSize } from '../common/pagination';
import type { CreateEventDto, EventListQueryDto, TicketTypeDto, UpdateEventDto } from './dto/event.dto';
import {
  Event,
  EventViewMark,
  Registration,
  TicketType,
  type EventRecord,
  type RegistrationRecord,
  type TicketTypeRecord,
  LIVE_STATUSES,
} from './events.schema';
import { toEventSummaryView, toEventView } from './events.views';
import { RegistrationViews } from './registration-views';
import { UnitOfWork } from '../database/unit-of-work';
import { Clock } from '../common/clock';
import { oid } from '../common/object-id';

const date = (iso: string | null | undefined) => (iso ? new Date(iso) : null);
const DUPLICATE_KEY = 11000;
const invalid = (details: FieldError[]) => new DomainError(ErrorCode.VALIDATION_FAILED, '活动信息有误', details);

/** What the caller may do with one event. */
export interface EventAccess {
  event: EventRecord;
  role: CircleRole | null;
  admin: boolean;
  canCheckIn: boolean;
}

/** Events: create/edit/publish/cancel, lists, detail (with `event.viewed`), checkers. */
export interface EventReminderFacts {
  circleId: string;
  title: string;
  status: string;
  startAt: Date;
  location: string | null;
  onlineUrl: string | null;
  attendeeIds: string[];
}

@Injectable()
export class EventsService implements OnModuleInit {
  constructor(
    @InjectModel(Event.name) private readonly events: Model<Event>,
    @InjectModel(TicketType.name) private readonly types: Model<TicketType>,
    @InjectModel(Registration.name) private readonly registrations: Model<Registration>,
    @InjectModel(EventViewMark.name) private readonly viewMarks: Model<EventViewMark>,
    private readonly uow: UnitOfWork,
    @Inject(MEMBER_TAGGER) private readonly tagger: MemberTagger,
    private readonly memberships: MembershipsService,
    private readonly registry: CircleAccessRegistry,
    private readonly regViews: RegistrationViews,
    private readonly bus: DomainEventBus,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.registry.registerResolver('event', async (id) => {
      const e = await this.events.findById(id, { circleId: 1 }).lean<EventRecord>();
      return e ? e.circleId.toHexString() : null;
    });
  }

  /** Admins (route guard). Tags must be tags of the circle; the event and its ticket types are written together. */
  async create(actor: Actor, circleId: string, dto: CreateEventDto): Promise<EventView> {
    checkEventRules(dto);
    if (dto.tagIds?.length) await this.tagger.assertTagsExist(circleId, dto.tagIds);
    const eventId = await this.uow.run(async (session) => {
      const [event] = await this.events.create(
        [
          {
            circleId: oid(circleId),
            createdBy: oid(actor.userId),
            ...eventFields(dto),
            tagIds: (dto.tagIds ?? []).map(oid),
            status: dto.status ?? 'draft',
          },
        ],
        { session },
      );
      await this.types.create(
        dto.ticketTypes.map((t, i) => ({ eventId: event._id, ...ticketFields(t), position: i })),
        { session, ordered: true },
      );
      return event._id.toHexString();
    });
    return this.detail(actor, eventId, { markViewed: false });
  }

  /** Members (route guard). Drafts are listed to admins only. Newest start first. */
  async list(
    actor: Actor,
    circleId: string,
    role: CircleRole,
    query: EventListQueryDto,
  ): Promise<Page<EventSummaryView>> {
    const admin = roleSatisfies(role, 'admin');
    const limit = pageSize(query.limit);
    const after = decodeIdCursor(query.cursor);
    const status = query.status && (admin || query.status !== 'draft') ? query.status : null;
    const rows = await this.events
      .find({
        circleId: oid(circleId),
        ...(status ? { status } : admin ? {} : { status: trusted({ $ne: 'draft' }) }),
        ...(after ? { _id: trusted({ $lt: oid(after) }) } : {}),
      })
      .sort({ _id: -1 })
      .limit(limit + 1)
      .lean<EventRecord[]>();
    const items = rows.slice(0, limit);
    return {
      items: items.map(toEventSummaryView),
      nextCursor: rows.length > limit ? encodeCursor([items[items.length - 1]._id.toHexString()]) : null,
    };
  }

  /** Members (route guard); a draft is visible to admins only. Publishes `event.viewed` once per member per China day. */
  async detail(
    actor: Actor,
    eventId: string,
    opts: { markViewed: boolean; role?: CircleRole } = { markViewed: true },
  ): Promise<EventView> {
    const access = await this.access(actor, eventId, opts.role);
    const { event } = access;
    const [types, mine] = await Promise.all([
      this.types.find({ eventId: event._id }).sort({ position: 1 }).lean<TicketTypeRecord[]>(),
      this.registrations
        .find({ userId: oid(actor.userId), eventId: event._id, status: trusted({ $in: [...LIVE_STATUSES] }) })
        .sort({ _id: 1 })
        .lean<RegistrationRecord[]>(),
    ]);
    const mineViews = await this.regViews.views(mine);
    const holder = mine.some((r) => r.status === 'confirmed' || r.status === 'checked_in');
    if (opts.markViewed) await this.markViewed(event, actor.userId);
    return toEventView(event, types, mineViews, { admin: access.admin, canCheckIn: access.canCheckIn, holder });
  }

  /** Admins (route guard). Quotas never go below the seats already taken (checked in the update's filter). */
  async update(actor: Actor, eventId: string, dto: UpdateEventDto): Promise<EventView> {
    const { event } = await this.access(actor, eventId);
    if (event.status === 'cancelled') throw new DomainError(ErrorCode.CLOSED, '活动已取消，不能再修改');
    const merged = {
      ...event,
      ...dto,
      startAt: dto.startAt ?? event.startAt.toISOString(),
      endAt: dto.endAt ?? event.endAt.toISOString(),
      signupDeadline: dto.signupDeadline ?? event.signupDeadline?.toISOString(),
      refundDeadline: dto.refundDeadline ?? event.refundDeadline?.toISOString(),
      location: dto.location ?? event.location ?? undefined,
      onlineUrl: dto.onlineUrl ?? event.onlineUrl ?? undefined,
      formFields: dto.formFields ?? event.formFields,
      ticketTypes: dto.ticketTypes ?? [],
    } as CreateEventDto;
    checkEventRules(merged);
    if (dto.tagIds?.length) await this.tagger.assertTagsExist(event.circleId.toHexString(), dto.tagIds);
    if (dto.status === 'published' && event.status !== 'draft' && event.status !== 'published')
      throw conflict('只有草稿可以发布');
    const $set: Record<string, unknown> = eventFields(merged);
    if (dto.tagIds) $set.tagIds = dto.tagIds.map(oid);
    if (dto.status) $set.status = dto.status;
    if (dto.chatEnabled !== undefined) $set.chatEnabled = dto.chatEnabled;
    await this.uow.run(async (session) => {
      const updated = await this.events.updateOne(
        { _id: event._id, status: trusted({ $ne: 'cancelled' }) },
        { $set },
        { session },
      );
      if (updated.matchedCount === 0) throw new DomainError(ErrorCode.CLOSED, '活动已取消，不能再修改');
      const count = await this.types.countDocuments({ eventId: event._id }).session(session);
      for (const [i, t] of (dto.ticketTypes ?? []).entries()) {
        if (!t.id) {
          await this.types.create([{ eventId: event._id, ...ticketFields(t), position: count + i }], { session });
          continue;
        }
        const res = await this.types.updateOne(
          { _id: oid(t.id), eventId: event._id, sold: trusted({ $lte: t.quota }) },
          { $set: ticketFields(t) },
          { session },
        );
        if (res.matchedCount === 0) {
          const exists = await this.types.exists({ _id: oid(t.id), eventId: event._id }).session(session);
          throw invalid([
            {
              field: `ticketTypes.${i}.${exists ? 'quota' : 'id'}`,
              message: exists ? '名额不能少于已报名人数' : '票种不存在',
            },
          ]);
        }
      }
    });
    const changes = eventChanges(event, $set);
    if (event.status === 'published' && changes.length > 0) {
      await this.bus.publish('event.changed', {
        circleId: event.circleId.toHexString(),
        actorId: actor.userId,
        eventId,
        changes,
      });
    }
    return this.detail(actor, eventId, { markViewed: false });
  }

  /** Admins (route guard). Signups and check-ins stop; holders are told through `event.cancelled`. */
  async cancel(actor: Actor, eventId: string): Promise<EventView> {
    const { event } = await this.access(actor, eventId);
    const res = await this.events.updateOne(
      { _id: event._id, status: trusted({ $in: ['draft', 'published'] }) },
      { $set: { status: 'cancelled' } },
    );
    if (res.modifiedCount === 1) {
      const holders = await this.registrations.distinct('userId', {
        eventId: event._id,
        status: trusted({ $in: [...LIVE_STATUSES] }),
      });
      await this.bus.publish('event.cancelled', {
        circleId: event.circleId.toHexString(),
        actorId: actor.userId,
        eventId,
        holderIds: (holders as Types.ObjectId[]).map((id) => id.toHexString()),
      });
    } else if (event.status !== 'cancelled') {
      throw conflict('活动已结束，不能取消');
    }
    return this.detail(actor, eventId, { markViewed: false });
  }

  /** Admins (route guard): a checker must be an active member of the circle. */
  /**
   * For reminders (notifications module): the event as it is now and who will attend (confirmed or
   * checked in); null when it does not exist.
   */
  async reminderFacts(eventId: string, withAttendees = true): Promise<EventReminderFacts | null> {
    const event = await this.events.findById(oid(eventId)).lean<EventRecord>();
    if (!event) return null;
    const attendees = withAttendees
      ? await this.registrations.distinct('userId', {
          eventId: event._id,
          status: trusted({ $in: ['confirmed', 'checked_in'] }),
        })
      : [];
    return {
      circleId: event.circleId.toHexString(),
      title: event.title,
      status: event.status,
      startAt: event.startAt,
      location: event.location,
      onlineUrl: event.onlineUrl,
      attendeeIds: (attendees as Types.ObjectId[]).map((id) => id.toHexString()),
    };
  }

  async addChecker(actor: Actor, eventId: string, userId: string): Promise<EventView> {
    const { event } = await this.access(actor, eventId);
    if (!(await this.memberships.activeRole(event.circleId.toHexString(), userId))) {
      throw invalid([{ field: 'userId', message: '只能指定本圈子的成员为签到员' }]);
    }
    await this.events.updateOne({ _id: event._id }, { $addToSet: { checkerIds: oid(userId) } });
    return this.detail(actor, eventId, { markViewed: false });
  }

  async removeChecker(actor: Actor, eventId: string, userId: Types.ObjectId): Promise<EventView> {
    const { event } = await this.access(actor, eventId);
    await this.events.updateOne({ _id: event._id }, { $pull: { checkerIds: userId } });
    return this.detail(actor, eventId, { markViewed: false });
  }

  /**
   * The event and the caller's standing; NOT_FOUND for drafts to non-admins. `knownRole`: the
   * role the route guard already resolved for this event's circle (saves a lookup).
   */
  async access(actor: Actor, eventId: string, knownRole?: CircleRole | null): Promise<EventAccess> {
    const event = await this.find(eventId);
    const role =
      knownRole !== undefined
        ? knownRole
        : await this.memberships.activeRole(event.circleId.toHexString(), actor.userId);
    const admin = roleSatisfies(role, 'admin');
    if (event.status === 'draft' && !admin) throw notFound('活动');
    const canCheckIn = admin || (role !== null && event.checkerIds.some((id) => id.equals(actor.userId)));
    return { event, role, admin, canCheckIn };
  }

  /**
   * For the chat module: the event, the user's role in its circle, whether they may check
   * tickets in and whether they hold a confirmed (or checked-in) ticket.
   */
  async chatAccess(userId: string, eventId: string): Promise<EventAccess & { holder: boolean }> {
    const access = await this.access({ userId }, eventId);
    const holder =
      access.role !== null &&
      (await this.registrations.exists({
        eventId: access.event._id,
        userId: oid(userId),
        status: trusted({ $in: ['confirmed', 'checked_in'] }),
      })) !== null;
    return { ...access, holder };
  }

  /** `eventId` comes from a route the guard checked (`via: 'event'`) or from a stored record. */
  async find(eventId: string): Promise<EventRecord> {
    const event = await this.events.findById(oid(eventId)).lean<EventRecord>();
    if (!event) throw notFound('活动');
    return event;
  }

  private async markViewed(event: EventRecord, userId: string): Promise<void> {
    try {
      await this.viewMarks.create([{ eventId: event._id, userId: oid(userId), day: shanghaiDay(this.clock.now()) }]);
    } catch (error) {
      if ((error as { code?: unknown }).code === DUPLICATE_KEY) return; // already counted today
      throw error;
    }
    await this.bus.publish('event.viewed', {
      circleId: event.circleId.toHexString(),
      actorId: userId,
      eventId: event._id.toHexString(),
    });
  }
}

/** What attendees must hear about: a new start or end, or a new place (address or online link). */
function eventChanges(before: EventRecord, after: Record<string, unknown>): Array<'time' | 'place'> {
  const time = (key: 'startAt' | 'endAt') => (after[key] as Date).getTime() !== before[key].getTime();
  const place = (key: 'location' | 'onlineUrl') => (after[key] ?? null) !== (before[key] ?? null);
  return [
    ...(time('startAt') || time('endAt') ? (['time'] as const) : []),
    ...(place('location') || place('onlineUrl') ? (['place'] as const) : []),
  ];
}

function eventFields(dto: CreateEventDto) {
  return {
    title: dto.title,
    description: dto.description ?? '',
    mode: dto.mode,
    location: dto.location ?? null,
    geo: dto.geo ? { lat: dto.geo.lat, lng: dto.geo.lng } : null,
    onlineUrl: dto.onlineUrl ?? null,
    coverUrl: dto.coverUrl ?? null,
    startAt: new Date(dto.startAt),
    endAt: new Date(dto.endAt),
    signupDeadline: date(dto.signupDeadline),
    refundDeadline: date(dto.refundDeadline),
    requireApproval: dto.requireApproval ?? false,
    waitlist: dto.waitlist ?? false,
    formFields: (dto.formFields ?? []).map((f) => ({
      key: f.key,
      label: f.label,
      type: f.type,
      required: f.required,
      options: f.type === 'select' ? (f.options ?? []) : [],
    })),
  };
}

function ticketFields(t: TicketTypeDto) {
  return {
    name: t.name,
    priceFen: t.priceFen,
    quota: t.quota,
    perUserLimit: t.perUserLimit ?? 1,
    saleStartAt: date(t.saleStartAt),
    saleEndAt: date(t.saleEndAt),
  };
}

/** Rules across fields the DTO cannot express; all problems reported at once. */
function checkEventRules(dto: CreateEventDto): void {
  const errors: FieldError[] = [];
  const start = new Date(dto.startAt);
  if (new Date(dto.endAt) <= start) errors.push({ field: 'endAt', message: '结束时间必须晚于开始时间' });
  if (dto.signupDeadline && new Date(dto.signupDeadline) > new Date(dto.endAt))
    errors.push({ field: 'signupDeadline', message: '报名截止时间不能晚于活动结束' });
  if (dto.refundDeadline && new Date(dto.refundDeadline) > new Date(dto.endAt))
    errors.push({ field: 'refundDeadline', message: '退款截止时间不能晚于活动结束' });
  if (dto.mode === 'offline' && !dto.location) errors.push({ field: 'location', message: '线下活动需要填写地点' });
  if (dto.mode === 'online' && !dto.onlineUrl) errors.push({ field: 'onlineUrl', message: '线上活动需要填写链接' });
  const keys = new Set<string>();
  (dto.formFields ?? []).forEach((f, i) => {
    if (keys.has(f.key)) errors.push({ field: `formFields.${i}.key`, message: '报名项的 key 重复' });
    keys.add(f.key);
    if (f.type === 'select' && !f.options?.length)
      errors.push({ field: `formFields.${i}.options`, message: '单选项至少需要一个选项' });
  });
  dto.ticketTypes.forEach((t, i) => {
    if (t.saleStartAt && t.saleEndAt && new Date(t.saleEndAt) <= new Date(t.saleStartAt))
      errors.push({ field: `ticketTypes.${i}.saleEndAt`, message: '停售时间必须晚于开售时间' });
  });
  if (errors.length > 0) throw invalid(errors);
}
