import { Injectable, OnModuleInit } from '@nestjs/common';
import { DomainEventBus } from '../bus/domain-event-bus';
import { NotificationsService } from './notifications.service';
import { yuan } from '../common/money';

const eventLink = (eventId: string) => `/packages/events/detail/index?id=${eventId}`;
const ticketLink = (registrationId: string) => `/packages/events/ticket/index?id=${registrationId}`;

/**
 * Turns domain events into inbox items. One subscription per kind: a new kind (payments, live
 * chat…) is a new event on the bus plus a few lines here.
 */
@Injectable()
export class NotificationProducers implements OnModuleInit {
  constructor(
    private readonly bus: DomainEventBus,
    private readonly notifications: NotificationsService,
  ) {}

  onModuleInit(): void {
    this.bus.subscribe('registration.approved', async ({ payload }) => {
      await this.notifications.deliver([payload.userId], {
        kind: 'registration_approved',
        circleId: payload.circleId,
        title: '报名已通过',
        body:
          payload.status === 'pending_payment' ? '你的报名已通过审核，请在时限内完成支付。' : '你的报名已通过审核。',
        link: eventLink(payload.eventId),
        sourceKey: `registration_approved:${payload.registrationId}`,
      });
    });
    this.bus.subscribe('registration.rejected', async ({ payload }) => {
      await this.notifications.deliver([payload.userId], {
        kind: 'registration_rejected',
        circleId: payload.circleId,
        title: '报名未通过',
        body: '很遗憾，你的报名未通过审核。',
        link: eventLink(payload.eventId),
        sourceKey: `registration_rejected:${payload.registrationId}`,
      });
    });
    this.bus.subscribe('registration.promoted', async ({ payload }) => {
      const pay = payload.status === 'pending_payment';
      await this.notifications.deliver([payload.actorId], {
        kind: 'registration_promoted',
        circleId: payload.circleId,
        title: '候补成功',
        body: pay
          ? '你候补的活动有名额了，请在时限内完成支付。'
          : payload.status === 'pending_approval'
            ? '你候补的活动有名额了，正在等待管理员审核。'
            : '你候补的活动有名额了，报名已确认。',
        link: eventLink(payload.eventId),
        sourceKey: `registration_promoted:${payload.registrationId}`,
      });
    });
    this.bus.subscribe('event.cancelled', async ({ payload }) => {
      await this.notifications.deliver(payload.holderIds, {
        kind: 'event_cancelled',
        circleId: payload.circleId,
        title: '活动已取消',
        body: '你报名的活动已被主办方取消。',
        link: eventLink(payload.eventId),
        sourceKey: `event_cancelled:${payload.eventId}`,
      });
    });
    this.bus.subscribe('order.refunded', async ({ payload }) => {
      await this.notifications.deliver([payload.actorId], {
        kind: 'order_refunded',
        circleId: payload.circleId,
        title: '退款成功',
        body: `¥${yuan(payload.amountFen)} 已原路退回，通常 1–3 个工作日到账。`,
        link: payload.registrationId ? ticketLink(payload.registrationId) : null,
        // One item per refund step: the refunded total grows with each.
        sourceKey: `order_refunded:${payload.orderId}:${payload.refundedFen}`,
      });
    });
  }
}
