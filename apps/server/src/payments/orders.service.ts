import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { ErrorCode, type OrderStatus, type PaymentProvider } from '@quanzi/contract';
import { Model, trusted, type ClientSession, type Types } from 'mongoose';
import { DomainEventBus } from '../bus/domain-event-bus';
import { Clock } from '../common/clock';
import { DomainError, notFound } from '../common/domain-error';
import { oid } from '../common/object-id';
import { afterCommit, UnitOfWork } from '../database/unit-of-work';
import type { PaymentOrder } from '../events/payment-gateway';
import { RegistrationsService } from '../events/registrations.service';
import { afterRefund, outRefundNo, outTradeNo, PAYABLE, REFUNDABLE } from './order-states';
import { Order, type OrderRecord } from './orders.schema';
import { PAYMENT_PROVIDER, type PaymentProviderClient } from './payment-provider';

const DUPLICATE_KEY = 11000;
const closed = (message: string) => new DomainError(ErrorCode.CLOSED, message);

export interface PaymentReceipt {
  /** What caused it: dev_confirm, notification, query. */
  cause: string;
  actorId?: string | null;
  transactionId?: string | null;
  /** The amount the provider reports; refused when it differs from the order's. */
  amountFen?: number;
}

export interface RefundRequest {
  /** Default: everything not yet refunded. */
  amountFen?: number;
  reason: string;
  /** admin, event_cancelled, late_payment, member_cancelled. */
  cause: string;
  actorId: string | null;
}

/**
 * The orders collection and its state machine. Every transition is one conditional update (the
 * state it leaves is in the filter) inside a unit of work, with its cause appended to `history`;
 * money leaves through the provider only after the refund is recorded, under a stable
 * `outRefundNo`, so a crash between the two is repaired by resending (see PaymentsSweeper).
 */
@Injectable()
export class OrdersService {
  private readonly logger = new Logger(OrdersService.name);

  constructor(
    @InjectModel(Order.name) private readonly orders: Model<Order>,
    @Inject(PAYMENT_PROVIDER) private readonly provider: PaymentProviderClient,
    private readonly registrations: RegistrationsService,
    private readonly uow: UnitOfWork,
    private readonly bus: DomainEventBus,
    private readonly clock: Clock,
  ) {}

  /**
   * The open order of a held ticket, or a new one (attempt n+1). The amount is the ticket's price
   * the events module read from the registration, never the client's. Concurrent calls meet on the
   * unique `outTradeNo`: the loser answers the winner's order.
   */
  async openForTicket(po: PaymentOrder): Promise<{ order: OrderRecord; params: Record<string, unknown> }> {
    for (let tries = 0; tries < 3; tries += 1) {
      const latest = await this.orders
        .findOne({ registrationId: oid(po.registrationId) })
        .sort({ attempt: -1 })
        .lean<OrderRecord>();
      if (latest && latest.status === 'created' && latest.amountFen === po.amountFen)
        return { order: latest, params: await this.provider.prepay(latest) };
      if (latest && latest.status !== 'created' && latest.status !== 'closed') throw closed('这张门票已支付');
      const attempt = (latest?.attempt ?? 0) + 1;
      const now = this.clock.now();
      try {
        const [created] = await this.orders.create([
          {
            kind: 'ticket',
            outTradeNo: outTradeNo(po.registrationId, attempt),
            provider: this.provider.name,
            status: 'created',
            amountFen: po.amountFen,
            currency: 'CNY',
            description: po.description.slice(0, 120),
            userId: oid(po.userId),
            circleId: oid(po.circleId),
            eventId: oid(po.eventId),
            registrationId: oid(po.registrationId),
            ticketTypeId: oid(po.ticketTypeId),
            attempt,
            expiresAt: po.expiresAt,
            history: [{ from: 'none', to: 'created', cause: 'pay', actorId: oid(po.userId), at: now }],
          },
        ]);
        const order = created.toObject() as unknown as OrderRecord;
        return { order, params: await this.provider.prepay(order) };
      } catch (error) {
        if ((error as { code?: number }).code !== DUPLICATE_KEY) throw error;
      }
    }
    throw new DomainError(ErrorCode.CONFLICT, '支付请求冲突，请重试');
  }

  async find(id: Types.ObjectId | string): Promise<OrderRecord> {
    const order = await this.orders.findById(id).lean<OrderRecord>();
    if (!order) throw notFound('订单');
    return order;
  }

  /** The newest order of a ticket, if any. */
  latestOfRegistration(registrationId: Types.ObjectId): Promise<OrderRecord | null> {
    return this.orders.findOne({ registrationId }).sort({ attempt: -1 }).lean<OrderRecord>().exec();
  }

  async findByOutTradeNo(no: string): Promise<OrderRecord | null> {
    return this.orders.findOne({ outTradeNo: no }).lean<OrderRecord>().exec();
  }

  findByOutRefundNo(no: string): Promise<OrderRecord | null> {
    return this.orders.findOne({ 'refunds.outRefundNo': no }).lean<OrderRecord>().exec();
  }

  /**
   * The payment arrived: the order becomes paid and its ticket confirmed in one transaction.
   * Idempotent (a repeated notification changes nothing). When the seat was already released
   * the money is kept on record and a refund (cause late_payment) is started.
   */
  async markPaid(orderId: Types.ObjectId, receipt: PaymentReceipt): Promise<OrderRecord> {
    const current = await this.find(orderId);
    if (receipt.amountFen !== undefined && receipt.amountFen !== current.amountFen)
      throw new DomainError(ErrorCode.VALIDATION_FAILED, '支付金额与订单不符');
    let refundNo: string | null = null;
    const paid = await this.uow.run(async (session) => {
      refundNo = null;
      const now = this.clock.now();
      const updated = await this.orders
        .findOneAndUpdate(
          { _id: orderId, status: trusted({ $in: [...PAYABLE] }) },
          {
            $set: { status: 'paid', paidAt: now, transactionId: receipt.transactionId ?? null },
            $push: { history: this.step(current.status, 'paid', receipt.cause, receipt.actorId ?? null, now) },
          },
          { returnDocument: 'after', session },
        )
        .lean<OrderRecord>();
      if (!updated) return null;
      if (updated.registrationId) {
        try {
          await this.registrations.confirmPaid(updated.registrationId.toHexString(), session);
        } catch (error) {
          if (!(error instanceof DomainError && error.code === ErrorCode.CLOSED)) throw error;
          refundNo = await this.recordRefund(
            updated,
            { reason: '支付时名额已释放，自动退款', cause: 'late_payment', actorId: null },
            session,
          );
        }
      }
      await afterCommit(session, () =>
        this.bus.publish('order.paid', {
          circleId: updated.circleId.toHexString(),
          actorId: updated.userId.toHexString(),
          orderId: updated._id.toHexString(),
          registrationId: updated.registrationId?.toHexString() ?? null,
          amountFen: updated.amountFen,
        }),
      );
      return updated;
    });
    if (refundNo) await this.sendRefund(orderId, refundNo);
    return refundNo || !paid ? this.find(orderId) : paid;
  }

  /** created → closed (payer cancelled, hold expired). False when it was no longer open. */
  async close(orderId: Types.ObjectId, cause: string, actorId: string | null): Promise<boolean> {
    const now = this.clock.now();
    const res = await this.orders.updateOne(
      { _id: orderId, status: 'created' },
      { $set: { status: 'closed' }, $push: { history: this.step('created', 'closed', cause, actorId, now) } },
    );
    return res.modifiedCount === 1;
  }

  /**
   * Records a refund (paid | partially_refunded → refunding) and asks the provider for it.
   * Refused unless the order holds refundable money; `event_cancelled` refunds at most once.
   */
  async refund(orderId: Types.ObjectId, request: RefundRequest): Promise<OrderRecord> {
    const no = await this.uow.run(async (session) => {
      const order = await this.orders.findById(orderId).session(session).lean<OrderRecord>();
      if (!order) throw notFound('订单');
      return this.recordRefund(order, request, session);
    });
    if (!no) throw closed('该订单当前不能退款');
    await this.sendRefund(orderId, no);
    return this.find(orderId);
  }

  /** Event cancelled: refunds what remains of the order, once (null when nothing to do). */
  async refundOnce(orderId: Types.ObjectId, request: RefundRequest): Promise<string | null> {
    const no = await this.uow.run(async (session) => {
      const order = await this.orders.findById(orderId).session(session).lean<OrderRecord>();
      if (!order || order.refunds.some((r) => r.cause === request.cause)) return null;
      return this.recordRefund(order, request, session);
    });
    if (no) await this.sendRefund(orderId, no);
    return no;
  }

  /** Sends a recorded refund that the provider has not accepted yet (safe to repeat). */
  async sendRefund(orderId: Types.ObjectId, no: string): Promise<void> {
    const order = await this.find(orderId);
    const refund = order.refunds.find((r) => r.outRefundNo === no);
    if (!refund || refund.status !== 'pending') return;
    const result = await this.provider.refund(order, refund);
    if (result === 'success') await this.settleRefund(orderId, no, 'success', 'provider');
    else if (result === 'refused') await this.settleRefund(orderId, no, 'failed', 'provider_refused');
    else
      await this.orders.updateOne(
        { _id: orderId, refunds: trusted({ $elemMatch: { outRefundNo: no, status: 'pending' } }) },
        { $set: { 'refunds.$.status': 'processing' } },
      );
  }

  /**
   * The provider settled a refund (response or refund notification): refunding → refunded |
   * partially_refunded, or back where it was when it failed. Idempotent.
   */
  async settleRefund(
    orderId: Types.ObjectId,
    no: string,
    result: 'success' | 'failed',
    cause: string,
  ): Promise<OrderRecord | null> {
    return this.uow.run(async (session) => {
      const order = await this.orders.findById(orderId).session(session).lean<OrderRecord>();
      const refund = order?.refunds.find((r) => r.outRefundNo === no);
      if (!order || !refund || (refund.status !== 'pending' && refund.status !== 'processing')) return null;
      const refundedFen = order.refundedFen + (result === 'success' ? refund.amountFen : 0);
      const to: OrderStatus =
        result === 'success'
          ? afterRefund(order.amountFen, refundedFen)
          : refundedFen > 0
            ? 'partially_refunded'
            : 'paid';
      const now = this.clock.now();
      const updated = await this.orders
        .findOneAndUpdate(
          {
            _id: orderId,
            status: 'refunding',
            refundedFen: order.refundedFen,
            refunds: trusted({ $elemMatch: { outRefundNo: no, status: trusted({ $in: ['pending', 'processing'] }) } }),
          },
          {
            $set: { status: to, refundedFen, 'refunds.$.status': result },
            $push: { history: this.step('refunding', to, `${refund.cause}:${cause}`, null, now) },
          },
          { returnDocument: 'after', session },
        )
        .lean<OrderRecord>();
      if (updated && result === 'success') {
        await afterCommit(session, () =>
          this.bus.publish('order.refunded', {
            circleId: updated.circleId.toHexString(),
            actorId: updated.userId.toHexString(),
            orderId: updated._id.toHexString(),
            registrationId: updated.registrationId?.toHexString() ?? null,
            amountFen: refund.amountFen,
            refundedFen: updated.refundedFen,
            cause: refund.cause,
          }),
        );
      }
      return updated;
    });
  }

  /** Orders still open after their hold ran out (batch). */
  dueToClose(batch = 200): Promise<OrderRecord[]> {
    return this.orders
      .find({ status: 'created', expiresAt: trusted({ $lte: this.clock.now() }) })
      .limit(batch)
      .lean<OrderRecord[]>()
      .exec();
  }

  /** Open orders of a provider still within their hold (batch). */
  openOf(provider: PaymentProvider, batch = 200): Promise<OrderRecord[]> {
    return this.orders
      .find({ status: 'created', provider, expiresAt: trusted({ $gt: this.clock.now() }) })
      .limit(batch)
      .lean<OrderRecord[]>()
      .exec();
  }

  /** Refunds recorded but not yet accepted by the provider (a crash between the two). */
  unsentRefunds(batch = 200): Promise<OrderRecord[]> {
    return this.orders
      .find({ status: 'refunding', 'refunds.status': 'pending' })
      .limit(batch)
      .lean<OrderRecord[]>()
      .exec();
  }

  /** Orders of an event still holding money. */
  refundableOfEvent(eventId: string): Promise<OrderRecord[]> {
    return this.orders
      .find({ eventId: oid(eventId), status: trusted({ $in: [...REFUNDABLE] }) })
      .lean<OrderRecord[]>()
      .exec();
  }

  refundableOfRegistration(registrationId: string): Promise<OrderRecord[]> {
    return this.orders
      .find({ registrationId: oid(registrationId), status: trusted({ $in: [...REFUNDABLE] }) })
      .lean<OrderRecord[]>()
      .exec();
  }

  /** Events with orders still holding money (the cancellation sweep checks each). */
  async eventsWithRefundable(): Promise<string[]> {
    const ids = await this.orders.distinct('eventId', { status: trusted({ $in: [...REFUNDABLE] }) });
    return (ids as (Types.ObjectId | null)[]).filter((id): id is Types.ObjectId => !!id).map((id) => id.toHexString());
  }

  /**
   * paid | partially_refunded → refunding with a new pending refund, in `session`; the
   * outRefundNo is derived from the order and the refund's position, so it is stable.
   */
  private async recordRefund(
    order: OrderRecord,
    request: RefundRequest,
    session: ClientSession,
  ): Promise<string | null> {
    if (!REFUNDABLE.includes(order.status)) return null;
    const remaining = order.amountFen - order.refundedFen;
    const amountFen = request.amountFen ?? remaining;
    if (!Number.isInteger(amountFen) || amountFen <= 0 || amountFen > remaining)
      throw new DomainError(ErrorCode.VALIDATION_FAILED, `退款金额应为 1–${remaining} 分`, [
        { field: 'amountFen', message: `最多可退 ${remaining} 分` },
      ]);
    const no = outRefundNo(order._id.toHexString(), request.cause === 'admin' ? 'A' : 'S', order.refunds.length + 1);
    const now = this.clock.now();
    const res = await this.orders.updateOne(
      {
        _id: order._id,
        status: order.status,
        refundedFen: order.refundedFen,
        'refunds.outRefundNo': trusted({ $ne: no }),
      },
      {
        $set: { status: 'refunding' },
        $push: {
          refunds: {
            outRefundNo: no,
            amountFen,
            reason: request.reason,
            cause: request.cause,
            status: 'pending',
            createdAt: now,
          },
          history: this.step(order.status, 'refunding', request.cause, request.actorId, now),
        },
      },
      { session },
    );
    return res.modifiedCount === 1 ? no : null;
  }

  private step(from: string, to: OrderStatus, cause: string, actorId: string | null, at: Date) {
    return { from, to, cause, actorId: actorId ? oid(actorId) : null, at };
  }
}
