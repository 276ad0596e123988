import { Injectable, OnModuleInit } from '@nestjs/common';
import { ErrorCode, type OrderView } from '@quanzi/contract';
import type { Types } from 'mongoose';
import type { Actor } from '../auth/actor';
import { CircleAccessRegistry } from '../auth/circle-access.registry';
import { DomainError, forbidden, notFound } from '../common/domain-error';
import { Settings } from '../config/settings';
import {
  PaymentGatewaySlot,
  type PaymentGateway,
  type PaymentOrder,
  type PaymentStart,
} from '../events/payment-gateway';
import { RegistrationsService } from '../events/registrations.service';
import type { RefundOrderDto } from './dto/refund-order.dto';
import { OrderReconciler } from './order-reconciler.service';
import { OrdersService } from './orders.service';
import { toOrderView } from './orders.views';

/**
 * The payments module's face: implements the events module's PAYMENT_GATEWAY (plugged into
 * PaymentGatewaySlot at init), order reads for the payer and circle admins, admin refunds, and
 * the development gateway's simulated payer.
 */
@Injectable()
export class PaymentsService implements PaymentGateway, OnModuleInit {
  constructor(
    private readonly orders: OrdersService,
    private readonly reconciler: OrderReconciler,
    private readonly registrations: RegistrationsService,
    private readonly slot: PaymentGatewaySlot,
    private readonly registry: CircleAccessRegistry,
    private readonly settings: Settings,
  ) {}

  onModuleInit(): void {
    this.registry.registerResolver('order', async (id) => {
      const order = await this.orders.find(id).catch(() => null);
      return order ? order.circleId.toHexString() : null;
    });
    if (this.settings.payments.gateway !== 'none') this.slot.provide(this);
  }

  async start(po: PaymentOrder): Promise<PaymentStart> {
    const { order, params } = await this.orders.openForTicket(po);
    return { status: 'pending', clientParams: params, orderId: order._id.toHexString(), provider: order.provider };
  }

  /**
   * The payer or an admin of the order's circle. The payer reads it on coming back from
   * `wx.requestPayment`, whose success is not trusted: an open order is asked about at the provider.
   */
  async get(actor: Actor, id: Types.ObjectId): Promise<OrderView> {
    const order = await this.orders.find(id);
    if (!order.userId.equals(actor.userId)) {
      await this.registry.requireRole(order.circleId.toHexString(), actor.userId, 'admin');
      return toOrderView(order);
    }
    // Only open orders: a closed one was asked about (and closed at the provider) when it closed.
    if (order.status !== 'created') return toOrderView(order);
    return toOrderView(await this.reconciler.reconcileQuietly(order, 'query_on_return'));
  }

  /** The newest order of a ticket, for its holder or a circle admin (the ticket page's 已支付/已退款). */
  async ofRegistration(actor: Actor, registrationId: Types.ObjectId): Promise<OrderView> {
    const order = await this.orders.latestOfRegistration(registrationId);
    if (!order) throw notFound('订单');
    return this.get(actor, order._id);
  }

  /** Circle admins (route guard): full by default, or part of what remains, with a reason. */
  async refund(actor: Actor, id: Types.ObjectId, dto: RefundOrderDto): Promise<OrderView> {
    const order = await this.orders.refund(id, {
      amountFen: dto.amountFen,
      reason: dto.reason,
      cause: 'admin',
      actorId: actor.userId,
    });
    if (order.refunds.at(-1)?.status === 'failed')
      throw new DomainError(ErrorCode.UPSTREAM_FAILED, '微信支付拒绝了这笔退款，请核对订单后重试');
    // A fully refunded ticket no longer admits its holder: cancelled, its seat freed (a checked-in one stays).
    if (order.status === 'refunded' && order.registrationId) {
      await this.registrations.cancel(actor, order.registrationId).catch((error: unknown) => {
        if (!(error instanceof DomainError && error.code === ErrorCode.CLOSED)) throw error;
      });
    }
    return toOrderView(order);
  }

  /** Development gateway: the payer (only) says the payment went through. */
  async devConfirm(actor: Actor, id: Types.ObjectId): Promise<OrderView> {
    const order = await this.devOrder(actor, id);
    if (order.status === 'closed') throw new DomainError(ErrorCode.CLOSED, '订单已关闭，请重新支付');
    return toOrderView(await this.orders.markPaid(id, { cause: 'dev_confirm', actorId: actor.userId }));
  }

  /** Development gateway: the payer gives up this order (the ticket stays held until its hold ends). */
  async devCancel(actor: Actor, id: Types.ObjectId): Promise<OrderView> {
    const order = await this.devOrder(actor, id);
    if (order.status !== 'created' && order.status !== 'closed') throw new DomainError(ErrorCode.CLOSED, '订单已支付');
    await this.orders.close(id, 'payer_cancelled', actor.userId);
    return toOrderView(await this.orders.find(id));
  }

  private async devOrder(actor: Actor, id: Types.ObjectId) {
    if (this.settings.payments.gateway !== 'dev' || this.settings.isProduction)
      throw new DomainError(ErrorCode.UNAVAILABLE, '模拟支付未开启');
    const order = await this.orders.find(id);
    if (!order.userId.equals(actor.userId)) throw forbidden('只能支付自己的订单');
    if (order.provider !== 'dev') throw new DomainError(ErrorCode.CLOSED, '该订单不是模拟支付订单');
    return order;
  }
}
