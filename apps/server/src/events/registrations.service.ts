import { randomUUID } from 'node:crypto';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import {
  ErrorCode,
  type CircleRole,
  type MyTicketView,
  type Page,
  type PaymentStartView,
  type RegistrationStatus,
  type RegistrationView,
} from '@quanzi/contract';
import { Model, trusted, Types, type ClientSession } from 'mongoose';
import { afterCommit } from '../database/unit-of-work';
import type { Actor } from '../auth/actor';
import { CircleAccessRegistry } from '../auth/circle-access.registry';
import { InvitesService } from '../invites/invites.service';
import { DomainEventBus } from '../bus/domain-event-bus';
import { MEMBER_TAGGER, type MemberTagger } from '../circles/circle-extensions';
import { MembershipsService } from '../circles/memberships.service';
import { Settings } from '../config/settings';
import { conflict, DomainError, forbidden, notFound } from '../common/domain-error';
import { decodeIdCursor, encodeCursor, pageSize } from '../common/pagination';
import { UsersService } from '../users/users.service';
import type { CreateRegistrationDto } from './dto/registration.dto';
import { validateAnswers } from './event-form';
import {
  Event,
  Registration,
  TicketType,
  type EventRecord,
  type RegistrationRecord,
  type TicketTypeRecord,
  LIVE_STATUSES,
} from './events.schema';
import { EventsService } from './events.service';
import { toEventSummaryView } from './events.views';
import { PAYMENT_GATEWAY, type PaymentGateway } from './payment-gateway';
import { RegistrationViews } from './registration-views';
import { DuplicateSignup, SeatLedger, type NewRegistration, type Release } from './seat-ledger';
import { Clock } from '../common/clock';
import { oid, parseObjectId } from '../common/object-id';
import { checkOpen, firstSeatStatus, promotedState } from './signup-rules';

const closed = (message: string) => new DomainError(ErrorCode.CLOSED, message);

/** Signups, cancellation (with waitlist promotion), approval, payment and 我的门票. */
@Injectable()
export class RegistrationsService implements OnModuleInit {
  constructor(
    @InjectModel(Registration.name) private readonly registrations: Model<Registration>,
    @InjectModel(TicketType.name) private readonly types: Model<TicketType>,
    @InjectModel(Event.name) private readonly eventsModel: Model<Event>,
    @Inject(MEMBER_TAGGER) private readonly tagger: MemberTagger,
    @Inject(PAYMENT_GATEWAY) private readonly payments: PaymentGateway,
    private readonly events: EventsService,
    private readonly ledger: SeatLedger,
    private readonly regViews: RegistrationViews,
    private readonly users: UsersService,
    private readonly registry: CircleAccessRegistry,
    private readonly settings: Settings,
    private readonly bus: DomainEventBus,
    private readonly invites: InvitesService,
    private readonly clock: Clock,
    private readonly memberships: MembershipsService,
  ) {}

  onModuleInit(): void {
    this.registry.registerResolver('registration', async (id) => {
      const r = await this.registrations.findById(id, { circleId: 1 }).lean<RegistrationRecord>();
      return r ? r.circleId.toHexString() : null;
    });
    // An outsider's signup in an approval circle is decided with their join request.
    this.bus.subscribe('member.joined', (e) => this.decideAwaiting(e.payload.circleId, e.payload.actorId, 'approve'));
    this.bus.subscribe('member.rejected', (e) => this.decideAwaiting(e.payload.circleId, e.payload.userId, 'reject'));
  }

  /**
   * Who holds a registration of the event in a status (any live one when absent); also its circle,
   * so a caller can refuse another circle's event. `confirmed_not_checked_in`: confirmed and never
   * scanned (a scan flips confirmed → checked_in). null: no such event.
   */
  async registrantsOf(
    eventId: string,
    status?: RegistrationStatus | 'confirmed_not_checked_in',
  ): Promise<{ circleId: string; userIds: string[] } | null> {
    const event = await this.eventsModel.findById(eventId, { circleId: 1 }).lean<{ circleId: Types.ObjectId }>();
    if (!event) return null;
    const filter: Record<string, unknown> = { eventId: oid(eventId) };
    if (status === 'confirmed_not_checked_in') Object.assign(filter, { status: 'confirmed', checkedInAt: null });
    else filter.status = status ?? trusted({ $in: [...LIVE_STATUSES] });
    const rows = await this.registrations.find(filter, { userId: 1 }).lean<{ userId: Types.ObjectId }[]>();
    return { circleId: event.circleId.toHexString(), userIds: [...new Set(rows.map((r) => r.userId.toHexString()))] };
  }

  /**
   * Members, and signed-in non-members (who join the circle in the same transaction, see
   * `takeAsOutsider`). Free tickets confirm at once; approval events hold the seat as
   * pending_approval; priced tickets hold it as pending_payment. A retried request with the same
   * Idempotency-Key answers the registration the first one made.
   */
  async register(
    actor: Actor,
    eventId: string,
    dto: CreateRegistrationDto,
    idempotencyKey?: string,
    role?: CircleRole,
  ): Promise<RegistrationView> {
    if (idempotencyKey) {
      const earlier = await this.byKey(actor.userId, idempotencyKey);
      if (earlier) return this.regViews.view(earlier);
    }
    try {
      return await this.registerOnce(actor, eventId, dto, idempotencyKey, role);
    } catch (error) {
      // A concurrent attempt with the same key may have taken the seat (or the member's last
      // allowed ticket) first: that attempt's registration is this request's answer.
      const refusal =
        error instanceof DomainError && (error.code === ErrorCode.SOLD_OUT || error.code === ErrorCode.ALREADY_DONE);
      const earlier = refusal && idempotencyKey ? await this.byKey(actor.userId, idempotencyKey) : null;
      if (earlier) return this.regViews.view(earlier);
      throw error;
    }
  }

  private async registerOnce(
    actor: Actor,
    eventId: string,
    dto: CreateRegistrationDto,
    idempotencyKey: string | undefined,
    role: CircleRole | undefined,
  ): Promise<RegistrationView> {
    const { event, role: callerRole } = await this.events.access(actor, eventId, role);
    const type = await this.types
      .findOne({ _id: parseObjectId(dto.ticketTypeId), eventId: event._id })
      .lean<TicketTypeRecord>();
    if (!type)
      throw new DomainError(ErrorCode.VALIDATION_FAILED, '票种不存在', [
        { field: 'ticketTypeId', message: '票种不存在' },
      ]);
    checkOpen(event, type, this.clock.now());
    const answers = validateAnswers(event.formFields, dto.answers);
    // Fast refusal from the row just read: `sold` only drops through a release, and a due unpaid
    // hold is released here first. Seats are still taken only by the ledger's conditional update.
    if (type.sold >= type.quota && !event.waitlist && (await this.expireDue(type._id)) === 0) {
      throw new DomainError(ErrorCode.SOLD_OUT, '票已售罄');
    }
    const holder = (await this.users.summaries([actor.userId])).get(actor.userId);
    // Attribution is recorded, and exported, only for a real invite of this circle.
    const circleId = event.circleId.toHexString();
    const inviteCode =
      dto.inviteCode && (await this.invites.isCodeOfCircle(dto.inviteCode, circleId)) ? dto.inviteCode : null;
    const seatStatus: RegistrationStatus = firstSeatStatus(event, type);
    const draft = {
      eventId: event._id,
      circleId: event.circleId,
      ticketTypeId: type._id,
      userId: oid(actor.userId),
      priceFen: type.priceFen,
      answers,
      holder: { nickname: holder?.nickname ?? '', avatarUrl: holder?.avatarUrl ?? null },
      idempotencyKey: idempotencyKey ?? randomUUID(),
      inviteCode,
    };
    const take = () =>
      callerRole === null
        ? this.takeAsOutsider(actor, event, type, draft, seatStatus, dto.inviteCode)
        : this.ledger.take(event, type, draft, seatStatus, this.holdMs);
    let created: RegistrationRecord;
    try {
      created = await take();
    } catch (error) {
      if (error instanceof DuplicateSignup)
        return this.regViews.view((await this.byKey(actor.userId, draft.idempotencyKey))!);
      // Sold out may only mean unpaid holds ran out and are not swept yet: free them, try once more.
      if (
        !(error instanceof DomainError && error.code === ErrorCode.SOLD_OUT) ||
        (await this.expireDue(type._id)) === 0
      )
        throw error;
      created = await take();
    }
    if (created.status === 'confirmed') await this.onConfirmed(event, created);
    return this.regViews.view(created);
  }

  /**
   * A non-member's signup: joins the circle as its policy allows (open; invite-only with a valid
   * code) and takes the seat in ONE transaction with the invite's redemption (preset tags,
   * referral credit, joins counter) and the event's preset tags; any refusal leaves none of them.
   * In an approval circle, or with a join request already pending, the signup waits as
   * pending_approval with the request and is decided with it.
   */
  private async takeAsOutsider(
    actor: Actor,
    event: EventRecord,
    type: TicketTypeRecord,
    draft: NewRegistration,
    seatStatus: RegistrationStatus,
    inviteCode: string | undefined,
  ): Promise<RegistrationRecord> {
    const circleId = event.circleId.toHexString();
    await this.ledger.prepare(type._id, draft.userId);
    if ((await this.memberships.statusOf(circleId, actor.userId)) === 'pending') {
      return this.ledger.take(event, type, { ...draft, awaitingMembership: true }, 'pending_approval', this.holdMs);
    }
    const { result } = await this.memberships.joinThen(
      actor,
      event.circleId,
      inviteCode ? { inviteCode } : {},
      async (session, status) => {
        const awaiting = status !== 'active';
        const created = await this.ledger.takeWithin(
          session,
          event,
          type,
          { ...draft, awaitingMembership: awaiting },
          awaiting ? 'pending_approval' : seatStatus,
          this.holdMs,
        );
        if (created.status === 'confirmed' && event.tagIds.length > 0) {
          const tagIds = event.tagIds.map((t) => t.toHexString());
          const source = { kind: 'event' as const, refId: event._id.toHexString(), label: event.title };
          await this.tagger.addTags(circleId, actor.userId, tagIds, source, session);
        }
        return created;
      },
    );
    // Became a member (or asked to) in the meantime through another request: sign up again.
    if (!result) throw conflict('成员状态刚刚发生了变化，请重试');
    return result;
  }

  /** The join request of `userId` was decided: their waiting signups in the circle follow it. */
  private async decideAwaiting(circleId: string, userId: string, decision: 'approve' | 'reject'): Promise<void> {
    const waiting = await this.registrations
      .find({ userId: oid(userId), circleId: oid(circleId), awaitingMembership: true })
      .lean<RegistrationRecord[]>();
    for (const r of waiting) {
      if (decision === 'reject') {
        const live = trusted({ $in: ['pending_approval', 'waitlisted'] });
        await this.releaseAndAnnounce({ _id: r._id, status: live, awaitingMembership: true }, 'rejected', null);
        continue;
      }
      if (r.status === 'pending_approval') await this.approveRow(r, { awaitingMembership: true }, userId);
      await this.registrations.updateOne({ _id: r._id }, { $set: { awaitingMembership: false } });
    }
  }

  /** The holder or a circle admin. A pending_payment hold past its time is expired on the way. */
  async get(actor: Actor, id: Types.ObjectId): Promise<RegistrationView> {
    let r = await this.readable(actor, id);
    if (r.status === 'pending_payment' && r.holdExpiresAt && r.holdExpiresAt <= this.clock.now()) {
      await this.expireOne(r);
      r = (await this.registrations.findById(r._id).lean<RegistrationRecord>())!;
    }
    return this.regViews.view(r);
  }

  /** The holder or an admin; checked-in tickets cannot be cancelled. Frees the seat for the waitlist head. */
  async cancel(actor: Actor, id: Types.ObjectId): Promise<RegistrationView> {
    const r = await this.readable(actor, id);
    if (r.status === 'cancelled') return this.regViews.view(r);
    const cancellable = ['pending_approval', 'pending_payment', 'confirmed', 'waitlisted'];
    if (!cancellable.includes(r.status))
      throw closed(r.status === 'checked_in' ? '已签到的门票不能取消' : '这张门票已失效');
    const done = await this.releaseAndAnnounce(
      { _id: r._id, status: trusted({ $in: cancellable }) },
      'cancelled',
      actor.userId,
    );
    return this.regViews.view(done?.released ?? (await this.registrations.findById(r._id).lean<RegistrationRecord>())!);
  }

  /** Admins (route guard): pending_approval → confirmed (or pending_payment for a priced ticket). */
  async approve(actor: Actor, id: Types.ObjectId): Promise<RegistrationView> {
    const r = await this.find(id);
    if (r.awaitingMembership && r.status === 'pending_approval') {
      // Decided together: approving the join request approves this signup (decideAwaiting).
      await this.memberships.approve(actor, r.circleId.toHexString(), r.userId);
      return this.regViews.view(await this.find(id));
    }
    const updated = await this.approveRow(r, {}, actor.userId);
    if (!updated) throw closed('只有待审核的报名可以通过');
    return this.regViews.view(updated);
  }

  /** pending_approval → confirmed (or pending_payment for a priced ticket); null when no longer pending. */
  private async approveRow(
    r: RegistrationRecord,
    guard: Record<string, unknown>,
    actorId: string,
  ): Promise<RegistrationRecord | null> {
    const paid = r.priceFen > 0;
    const updated = await this.registrations
      .findOneAndUpdate(
        { _id: r._id, status: 'pending_approval', ...guard },
        {
          $set: {
            status: paid ? 'pending_payment' : 'confirmed',
            holdExpiresAt: paid ? new Date(this.clock.nowMs() + this.holdMs) : null,
          },
        },
        { returnDocument: 'after' },
      )
      .lean<RegistrationRecord>();
    if (!updated) return null;
    await this.bus.publish('registration.approved', {
      circleId: updated.circleId.toHexString(),
      actorId,
      eventId: updated.eventId.toHexString(),
      registrationId: updated._id.toHexString(),
      userId: updated.userId.toHexString(),
      status: updated.status as 'confirmed' | 'pending_payment',
    });
    if (updated.status === 'confirmed')
      await this.onConfirmed(await this.events.find(r.eventId.toHexString()), updated);
    return updated;
  }

  /** Admins (route guard): rejection frees the seat (and promotes the waitlist head). */
  async reject(actor: Actor, id: Types.ObjectId): Promise<RegistrationView> {
    const r = await this.find(id);
    if (r.awaitingMembership && r.status === 'pending_approval') {
      // Decided together: rejecting the join request rejects this signup (decideAwaiting).
      await this.memberships.reject(actor, r.circleId.toHexString(), r.userId);
      return this.regViews.view(await this.find(id));
    }
    const done = await this.releaseAndAnnounce({ _id: r._id, status: 'pending_approval' }, 'rejected', actor.userId);
    if (!done) throw closed('只有待审核的报名可以拒绝');
    await this.bus.publish('registration.rejected', {
      circleId: done.released.circleId.toHexString(),
      actorId: actor.userId,
      eventId: done.released.eventId.toHexString(),
      registrationId: done.released._id.toHexString(),
      userId: done.released.userId.toHexString(),
    });
    return this.regViews.view(done.released);
  }

  /** The holder starts paying a held ticket through the payment gateway. */
  async pay(actor: Actor, id: Types.ObjectId): Promise<PaymentStartView> {
    const r = await this.find(id);
    if (!r.userId.equals(actor.userId)) throw forbidden('只能支付自己的门票');
    if (r.status !== 'pending_payment') throw closed('这张门票不需要支付');
    if (r.holdExpiresAt && r.holdExpiresAt <= this.clock.now()) {
      await this.expireOne(r);
      throw closed('支付已超时，名额已释放');
    }
    const event = await this.events.find(r.eventId.toHexString());
    const start = await this.payments.start({
      registrationId: id.toHexString(),
      userId: actor.userId,
      circleId: r.circleId.toHexString(),
      eventId: r.eventId.toHexString(),
      ticketTypeId: r.ticketTypeId.toHexString(),
      amountFen: r.priceFen,
      description: event.title,
      expiresAt: r.holdExpiresAt!,
    });
    if (start.status === 'paid') {
      const registration = await this.confirmPaid(id.toHexString());
      return { status: 'paid', registration, clientParams: null, orderId: null, provider: null, params: null };
    }
    return {
      status: 'pending',
      registration: await this.regViews.view(r),
      clientParams: start.clientParams,
      orderId: start.orderId ?? null,
      provider: start.provider ?? null,
      params: start.clientParams,
    };
  }

  /**
   * For the payments module: the hold is paid. Idempotent (a repeated notification answers the
   * confirmed ticket); refused when the hold already expired and its seat went to someone else.
   * With a session the confirmation joins the payer's transaction (the order marked paid) and
   * its announcements run after the commit.
   */
  async confirmPaid(id: string, session?: ClientSession): Promise<RegistrationView> {
    const updated = await this.registrations
      .findOneAndUpdate(
        { _id: oid(id), status: 'pending_payment' },
        { $set: { status: 'confirmed', holdExpiresAt: null } },
        { returnDocument: 'after', session },
      )
      .lean<RegistrationRecord>();
    if (updated) {
      await afterCommit(session, async () =>
        this.onConfirmed(await this.events.find(updated.eventId.toHexString()), updated),
      );
      return this.regViews.view(updated);
    }
    const r = await this.registrations
      .findById(oid(id))
      .session(session ?? null)
      .lean<RegistrationRecord>();
    if (!r) throw notFound('门票');
    if (r.status === 'confirmed' || r.status === 'checked_in') return this.regViews.view(r);
    throw closed('这张门票的名额已释放，无法确认支付');
  }

  /** 我的门票: the caller's registrations, newest first, with their events. */
  async mine(actor: Actor, query: { limit?: number; cursor?: string }): Promise<Page<MyTicketView>> {
    const limit = pageSize(query.limit);
    const after = decodeIdCursor(query.cursor);
    const rows = await this.registrations
      .find({ userId: oid(actor.userId), ...(after ? { _id: trusted({ $lt: oid(after) }) } : {}) })
      .sort({ _id: -1 })
      .limit(limit + 1)
      .lean<RegistrationRecord[]>();
    const items = rows.slice(0, limit);
    const [views, events] = await Promise.all([
      this.regViews.views(items),
      this.eventsModel.find({ _id: trusted({ $in: items.map((r) => r.eventId) }) }).lean<EventRecord[]>(),
    ]);
    const byId = new Map(events.map((e) => [e._id.toHexString(), toEventSummaryView(e)]));
    return {
      items: views.filter((v) => byId.has(v.eventId)).map((v) => ({ ...v, event: byId.get(v.eventId)! })),
      nextCursor: rows.length > limit ? encodeCursor([items[items.length - 1]._id.toHexString()]) : null,
    };
  }

  /** Expires unpaid holds past their time (one ticket type, or all); returns how many. */
  async expireDue(ticketTypeId?: Types.ObjectId, batch = 200): Promise<number> {
    const due = await this.registrations
      .find({
        status: 'pending_payment',
        holdExpiresAt: trusted({ $lte: this.clock.now() }),
        ...(ticketTypeId ? { ticketTypeId } : {}),
      })
      .limit(batch)
      .lean<RegistrationRecord[]>();
    let expired = 0;
    for (const r of due) if (await this.expireOne(r)) expired += 1;
    return expired;
  }

  private async expireOne(r: RegistrationRecord): Promise<boolean> {
    const filter = { _id: r._id, status: 'pending_payment', holdExpiresAt: trusted({ $lte: this.clock.now() }) };
    return (await this.releaseAndAnnounce(filter, 'expired', null)) !== null;
  }

  private async releaseAndAnnounce(
    filter: Record<string, unknown>,
    status: 'cancelled' | 'rejected' | 'expired',
    actorId: string | null,
  ): Promise<Release | null> {
    const r = await this.registrations.findOne(filter, { eventId: 1, ticketTypeId: 1 }).lean<RegistrationRecord>();
    if (!r) return null;
    const [event, type] = await Promise.all([
      this.events.find(r.eventId.toHexString()),
      this.types.findById(r.ticketTypeId).lean<TicketTypeRecord>(),
    ]);
    const done = await this.ledger.release(r.ticketTypeId.toHexString(), filter, status, () =>
      promotedState(event, type!, this.clock.now(), this.holdMs),
    );
    if (!done) return null;
    const { released, promoted } = done;
    const base = {
      circleId: released.circleId.toHexString(),
      eventId: released.eventId.toHexString(),
      ticketTypeId: released.ticketTypeId.toHexString(),
    };
    if (status === 'cancelled') {
      await this.bus.publish('registration.cancelled', {
        ...base,
        actorId: actorId ?? released.userId.toHexString(),
        registrationId: released._id.toHexString(),
      });
    }
    if (promoted) {
      await this.bus.publish('registration.promoted', {
        ...base,
        actorId: promoted.userId.toHexString(),
        registrationId: promoted._id.toHexString(),
        status: promoted.status as 'confirmed' | 'pending_payment' | 'pending_approval',
      });
      if (promoted.status === 'confirmed') await this.onConfirmed(event, promoted);
    }
    return done;
  }

  /** A ticket became valid: announce it and give the event's (and its invite's) preset tags (idempotent). */
  private async onConfirmed(event: EventRecord, r: RegistrationRecord): Promise<void> {
    const circleId = event.circleId.toHexString();
    const userId = r.userId.toHexString();
    if (event.tagIds.length > 0) {
      await this.tagger.addTags(
        circleId,
        userId,
        event.tagIds.map((t) => t.toHexString()),
        { kind: 'event', refId: event._id.toHexString(), label: event.title },
      );
    }
    if (r.inviteCode) await this.invites.grantInviteTags(r.inviteCode, circleId, userId);
    await this.bus.publish('registration.confirmed', {
      circleId,
      actorId: userId,
      eventId: event._id.toHexString(),
      registrationId: r._id.toHexString(),
      ticketTypeId: r.ticketTypeId.toHexString(),
      priceFen: r.priceFen,
    });
  }

  private get holdMs(): number {
    return this.settings.events.paymentHoldSeconds * 1000;
  }

  private byKey(userId: string, key: string): Promise<RegistrationRecord | null> {
    return this.registrations
      .findOne({ userId: oid(userId), idempotencyKey: key })
      .lean<RegistrationRecord>()
      .exec();
  }

  /** The registration if the caller holds it or administers its circle. */
  private async readable(actor: Actor, id: Types.ObjectId): Promise<RegistrationRecord> {
    const r = await this.find(id);
    if (r.userId.equals(actor.userId)) return r;
    await this.registry.requireRole(r.circleId.toHexString(), actor.userId, 'admin');
    return r;
  }

  private async find(id: Types.ObjectId): Promise<RegistrationRecord> {
    const r = await this.registrations.findById(id).lean<RegistrationRecord>();
    if (!r) throw notFound('门票');
    return r;
  }
}
