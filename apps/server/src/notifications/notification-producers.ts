import { Injectable, OnModuleInit } from '@nestjs/common';
import { DomainEventBus } from '../bus/domain-event-bus';
import { NotificationsService } from './notifications.service';
import { yuan } from '../common/money';
import { shanghaiMinute } from '../common/china-time';
import { EventsService } from '../events/events.service';
import { NotificationLinks } from './notification-links';

const eventLink = NotificationLinks.event;
const ticketLink = NotificationLinks.ticket;
/** An announcement's text shown in the inbox (the chat room keeps the whole of it). */
const ANNOUNCEMENT_BODY_MAX = 120;
const truncate = (text: string, max: number) =>
  [...text].length > max ? `${[...text].slice(0, max).join('')}…` : text;

/**
 * Turns domain events into inbox items. One subscription per kind: a new kind (payments, live
 * chat…) is a new event on the bus plus a few lines here.
 */
@Injectable()
export class NotificationProducers implements OnModuleInit {
  constructor(
    private readonly bus: DomainEventBus,
    private readonly notifications: NotificationsService,
    private readonly events: EventsService,
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
    this.bus.subscribe('event.changed', async ({ payload, at }) => {
      const facts = await this.events.reminderFacts(payload.eventId);
      if (!facts || facts.status !== 'published') return;
      const place = facts.onlineUrl ? `线上链接：${facts.onlineUrl}` : facts.location ? `地点：${facts.location}` : '';
      const body = [
        payload.changes.includes('time') ? `新的开始时间 ${shanghaiMinute(facts.startAt)}（北京时间）` : '',
        payload.changes.includes('place') ? `新的${place}` : '',
      ];
      await this.notifications.deliver(
        facts.attendeeIds.filter((id) => id !== payload.actorId),
        {
          kind: 'event_changed',
          circleId: payload.circleId,
          title: `活动有变动：${facts.title}`,
          body: body.filter(Boolean).join('，'),
          link: eventLink(payload.eventId),
          sourceKey: `event_changed:${payload.eventId}:${at.getTime()}`,
        },
      );
    });
    this.bus.subscribe('order.paid', async ({ payload }) => {
      await this.notifications.deliver([payload.actorId], {
        kind: 'order_paid',
        circleId: payload.circleId,
        title: '支付成功',
        body: `已收到你的付款 ¥${yuan(payload.amountFen)}。`,
        link: payload.registrationId ? ticketLink(payload.registrationId) : null,
        sourceKey: `order_paid:${payload.orderId}`,
      });
    });
    this.bus.subscribe('chat.announced', async ({ payload }) => {
      const facts = await this.events.reminderFacts(payload.eventId);
      if (!facts) return;
      await this.notifications.deliver(
        facts.attendeeIds.filter((id) => id !== payload.actorId),
        {
          kind: 'chat_announcement',
          circleId: payload.circleId,
          title: `活动群公告：${facts.title}`,
          body: truncate(payload.text, ANNOUNCEMENT_BODY_MAX),
          link: eventLink(payload.eventId),
          sourceKey: `chat_announcement:${payload.messageId}`,
        },
      );
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
