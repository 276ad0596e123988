import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { CheckinSyncResponse, CheckinSyncResult, CircleRole, EventRoster, OfflineScan } from '@quanzi/contract';
import { Model, trusted } from 'mongoose';
import { oid } from '../common/object-id';
import type { Actor } from '../auth/actor';
import { DomainEventBus } from '../bus/domain-event-bus';
import { Clock } from '../common/clock';
import { forbidden } from '../common/domain-error';
import { Registration, TicketType, type RegistrationRecord, type TicketTypeRecord } from './events.schema';
import { EventsService } from './events.service';
import { TicketCodes } from './ticket-code';

/**
 * Door mode (offline check-in, like pretix's): a checker's phone downloads the roster, checks
 * tickets in locally while the network is gone, and syncs its queued scans afterwards. The
 * server keeps the earliest scan of each ticket (whichever device, online or offline), so every
 * device ends up showing the same time; a retried sync answers the same results.
 */
@Injectable()
export class DoorService {
  constructor(
    @InjectModel(Registration.name) private readonly registrations: Model<Registration>,
    @InjectModel(TicketType.name) private readonly types: Model<TicketType>,
    private readonly events: EventsService,
    private readonly codes: TicketCodes,
    private readonly bus: DomainEventBus,
    private readonly clock: Clock,
  ) {}

  /** Admins and the event's checkers: every valid ticket with its signed code. */
  async roster(actor: Actor, eventId: string, role: CircleRole): Promise<EventRoster> {
    const { event } = await this.requireChecker(actor, eventId, role);
    const [rows, types] = await Promise.all([
      this.registrations
        .find({ eventId: event._id, status: trusted({ $in: ['confirmed', 'checked_in'] }) })
        .sort({ _id: 1 })
        .lean<RegistrationRecord[]>(),
      this.types.find({ eventId: event._id }, { name: 1 }).lean<TicketTypeRecord[]>(),
    ]);
    const typeNames = new Map(types.map((t) => [t._id.toHexString(), t.name]));
    return {
      eventId,
      generatedAt: this.clock.now().toISOString(),
      entries: rows.map((r) => ({
        ticketCode: this.codes.issue(r._id.toHexString(), eventId),
        registrationId: r._id.toHexString(),
        holderNickname: r.holder.nickname,
        ticketTypeName: typeNames.get(r.ticketTypeId.toHexString()) ?? '',
        status: r.status as 'confirmed' | 'checked_in',
        checkedInAt: r.checkedInAt ? r.checkedInAt.toISOString() : null,
      })),
    };
  }

  /** Admins and the event's checkers. Scans are applied in scan-time order. */
  async sync(actor: Actor, eventId: string, scans: OfflineScan[], role: CircleRole): Promise<CheckinSyncResponse> {
    const { event } = await this.requireChecker(actor, eventId, role);
    const now = this.clock.now();
    const ordered = scans
      .map((scan, index) => ({ scan, index, at: new Date(Math.min(Date.parse(scan.scannedAt), now.getTime())) }))
      .sort((a, b) => a.at.getTime() - b.at.getTime());
    const results: CheckinSyncResult[] = new Array<CheckinSyncResult>(scans.length);
    for (const { scan, index, at } of ordered) {
      const base = { ticketCode: scan.ticketCode, deviceId: scan.deviceId };
      const parsed = this.codes.parse(scan.ticketCode);
      if (!parsed || !this.codes.verify(parsed.signature, parsed.registrationId, eventId)) {
        results[index] = { ...base, result: 'invalid', registrationId: null, checkedInAt: null };
        continue;
      }
      const id = oid(parsed.registrationId);
      const by = oid(actor.userId);
      // First scan wins: a confirmed ticket is checked in at this scan's time; a checked-in one
      // takes this time only if it is earlier than the one stored.
      const first = await this.registrations
        .findOneAndUpdate(
          { _id: id, eventId: event._id, status: 'confirmed' },
          { $set: { status: 'checked_in', checkedInAt: at, checkedInBy: by } },
          { returnDocument: 'after' },
        )
        .lean<RegistrationRecord>();
      if (first) {
        await this.bus.publish('checkin.recorded', {
          circleId: event.circleId.toHexString(),
          actorId: actor.userId,
          eventId,
          registrationId: parsed.registrationId,
          checkedInBy: actor.userId,
        });
      } else {
        await this.registrations.updateOne(
          { _id: id, eventId: event._id, status: 'checked_in', checkedInAt: trusted({ $gt: at }) },
          { $set: { checkedInAt: at, checkedInBy: by } },
        );
      }
      const current =
        first ?? (await this.registrations.findOne({ _id: id, eventId: event._id }).lean<RegistrationRecord>());
      if (!current) {
        results[index] = { ...base, result: 'invalid', registrationId: null, checkedInAt: null };
      } else if (current.status !== 'checked_in') {
        // Cancelled, rejected or expired while the phone was offline.
        results[index] = { ...base, result: 'cancelled', registrationId: parsed.registrationId, checkedInAt: null };
      } else {
        const winner = current.checkedInAt!;
        results[index] = {
          ...base,
          // The winning scan is the one whose time is stored; a retry of it answers the same.
          result: winner.getTime() === at.getTime() ? 'checked_in' : 'already_checked_in',
          registrationId: parsed.registrationId,
          checkedInAt: winner.toISOString(),
        };
      }
    }
    return { results };
  }

  private async requireChecker(actor: Actor, eventId: string, role: CircleRole) {
    const access = await this.events.access(actor, eventId, role);
    if (!access.canCheckIn) throw forbidden('只有管理员和签到员可以签到');
    return access;
  }
}
