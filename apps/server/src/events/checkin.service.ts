import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import {
  ErrorCode,
  RegistrationStatuses,
  type CheckinResponse,
  type CircleRole,
  type EventStatsView,
  type RegistrationStatus,
} from '@quanzi/contract';
import { Model, Types } from 'mongoose';
import { oid } from '../common/object-id';
import type { Actor } from '../auth/actor';
import { DomainEventBus } from '../bus/domain-event-bus';
import { DomainError, forbidden } from '../common/domain-error';
import { Registration, TicketType, type RegistrationRecord, type TicketTypeRecord } from './events.schema';
import { EventsService } from './events.service';
import { RegistrationViews } from './registration-views';
import { TicketCodes } from './ticket-code';
import { Clock } from '../common/clock';

const refuse = (code: ErrorCode, message: string) => new DomainError(code, message, [{ field: 'ticketCode', message }]);
const SEAT: RegistrationStatus[] = ['pending_approval', 'pending_payment', 'confirmed', 'checked_in'];

/** Check-in at the door and the live counts. */
@Injectable()
export class CheckinService {
  constructor(
    @InjectModel(Registration.name) private readonly registrations: Model<Registration>,
    @InjectModel(TicketType.name) private readonly types: Model<TicketType>,
    private readonly events: EventsService,
    private readonly codes: TicketCodes,
    private readonly regViews: RegistrationViews,
    private readonly bus: DomainEventBus,
    private readonly clock: Clock,
  ) {}

  /**
   * Admins and the event's checkers. The first scan flips confirmed → checked_in in one
   * conditional update; every later scan answers already_checked_in with the first time.
   */
  async checkIn(actor: Actor, eventId: string, ticketCode: string, role?: CircleRole): Promise<CheckinResponse> {
    const { event, canCheckIn } = await this.events.access(actor, eventId, role);
    if (!canCheckIn) throw forbidden('只有管理员和签到员可以签到');
    if (event.status === 'cancelled') throw new DomainError(ErrorCode.CLOSED, '活动已取消');
    const parsed = this.codes.parse(ticketCode);
    if (!parsed) throw refuse(ErrorCode.VALIDATION_FAILED, '无效的门票码');
    if (!this.codes.verify(parsed.signature, parsed.registrationId, eventId)) {
      // A genuine ticket of another event gets its own message; anything else is a forgery.
      const other = await this.registrations.findById(parsed.registrationId, { eventId: 1 }).lean<RegistrationRecord>();
      if (
        other &&
        !other.eventId.equals(eventId) &&
        this.codes.verify(parsed.signature, parsed.registrationId, other.eventId.toHexString())
      ) {
        throw refuse(ErrorCode.CONFLICT, '这张门票不属于本活动');
      }
      throw refuse(ErrorCode.VALIDATION_FAILED, '无效的门票码');
    }
    const now = this.clock.now();
    const id = oid(parsed.registrationId);
    const marked = await this.registrations
      .findOneAndUpdate(
        { _id: id, eventId: event._id, status: 'confirmed' },
        { $set: { status: 'checked_in', checkedInAt: now, checkedInBy: oid(actor.userId) } },
        { returnDocument: 'after' },
      )
      .lean<RegistrationRecord>();
    if (marked) {
      await this.bus.publish('checkin.recorded', {
        circleId: event.circleId.toHexString(),
        // The attendee is who acted (activity, tag rules, analytics); the scanner is checkedInBy.
        actorId: marked.userId.toHexString(),
        eventId,
        registrationId: parsed.registrationId,
        checkedInBy: actor.userId,
      });
      return { result: 'checked_in', registration: await this.regViews.view(marked), checkedInAt: now.toISOString() };
    }
    const current = await this.registrations.findOne({ _id: id, eventId: event._id }).lean<RegistrationRecord>();
    if (!current) throw refuse(ErrorCode.VALIDATION_FAILED, '无效的门票码');
    if (current.status === 'checked_in') {
      return {
        result: 'already_checked_in',
        registration: await this.regViews.view(current),
        checkedInAt: current.checkedInAt!.toISOString(),
      };
    }
    const why: Partial<Record<RegistrationStatus, string>> = {
      cancelled: '门票已取消',
      rejected: '报名未通过审核',
      expired: '门票未支付，已失效',
      pending_approval: '报名还在审核中',
      pending_payment: '门票尚未支付',
      waitlisted: '还在候补中，没有座位',
    };
    throw refuse(ErrorCode.CLOSED, why[current.status] ?? '门票无效');
  }

  /** Admins (route guard): counts per status and per ticket type. */
  async stats(actor: Actor, eventId: string): Promise<EventStatsView> {
    const { event } = await this.events.access(actor, eventId);
    const [rows, types] = await Promise.all([
      this.registrations.aggregate<{ _id: { t: Types.ObjectId; s: RegistrationStatus }; n: number }>([
        { $match: { eventId: event._id } },
        { $group: { _id: { t: '$ticketTypeId', s: '$status' }, n: { $sum: 1 } } },
      ]),
      this.types.find({ eventId: event._id }).sort({ position: 1 }).lean<TicketTypeRecord[]>(),
    ]);
    const byStatus = Object.fromEntries(RegistrationStatuses.map((s) => [s, 0])) as Record<RegistrationStatus, number>;
    const perType = new Map(types.map((t) => [t._id.toHexString(), { registered: 0, checkedIn: 0 }]));
    for (const row of rows) {
      byStatus[row._id.s] += row.n;
      const entry = perType.get(row._id.t.toHexString());
      if (entry && SEAT.includes(row._id.s)) entry.registered += row.n;
      if (entry && row._id.s === 'checked_in') entry.checkedIn += row.n;
    }
    return {
      registered: SEAT.reduce((sum, s) => sum + byStatus[s], 0),
      checkedIn: byStatus.checked_in,
      byStatus,
      byTicketType: types.map((t) => ({
        ticketTypeId: t._id.toHexString(),
        name: t.name,
        quota: t.quota,
        sold: t.sold,
        ...perType.get(t._id.toHexString())!,
      })),
    };
  }
}
