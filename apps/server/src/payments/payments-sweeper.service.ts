import { Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { DomainEventBus } from '../bus/domain-event-bus';
import { Settings } from '../config/settings';
import { Clock } from '../common/clock';
import { EventsService } from '../events/events.service';
import { Jobs } from '../jobs/jobs.service';
import { OrderReconciler } from './order-reconciler.service';
import { OrdersService } from './orders.service';

export const PAYMENTS_SWEEP_JOB = 'payments.sweep';
export const REFUND_CANCELLED_EVENT_JOB = 'payments.refund-cancelled-event';
/** The durable backstop of an event's refunds runs this long after the in-process attempt. */
const REFUND_BACKSTOP_MS = 60_000;

export interface SweepResult {
  /** Open orders the provider reported paid (their notification had not arrived). */
  paid: number;
  closed: number;
  resent: number;
  refunded: number;
}

/**
 * Timed payment work as idempotent public methods: ask the provider about open orders, close
 * orders whose hold ran out, resend
 * refunds recorded but not accepted (a crash in between), and refund every paid ticket of a
 * cancelled event once. The sweep is a durable job every EVENT_HOLD_SWEEP_MS (one run at a time
 * across instances). A cancelled event is refunded at once in-process and, in case this process
 * dies part-way, again by a durable job a minute later (a no-op when nothing is left).
 */
@Injectable()
export class PaymentsSweeper implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger(PaymentsSweeper.name);
  private running = false;

  constructor(
    private readonly orders: OrdersService,
    private readonly reconciler: OrderReconciler,
    private readonly events: EventsService,
    private readonly bus: DomainEventBus,
    private readonly settings: Settings,
    private readonly jobs: Jobs,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    // A failed pass is not retried: the next interval is the retry.
    this.jobs.define(PAYMENTS_SWEEP_JOB, async () => void (await this.sweep()), { retries: 0 });
    this.jobs.define<{ eventId: string }>(REFUND_CANCELLED_EVENT_JOB, async ({ eventId }) => {
      await this.refundCancelledEvent(eventId);
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    this.bus.subscribe('event.cancelled', async (e) => {
      const eventId = e.payload.eventId;
      const at = new Date(this.clock.nowMs() + REFUND_BACKSTOP_MS);
      await this.jobs.schedule(at, REFUND_CANCELLED_EVENT_JOB, { eventId }, { uniqueKey: eventId });
      await this.refundCancelledEvent(eventId);
    });
    // A member who gives up a paid ticket gets the money back in full, unless the event's refund
    // deadline has passed: then the seat is freed and the money kept (an admin can still refund).
    this.bus.subscribe('registration.cancelled', async (e) => {
      const event = await this.events.find(e.payload.eventId).catch(() => null);
      if (event?.refundDeadline && this.clock.nowMs() > event.refundDeadline.getTime()) return;
      for (const order of await this.orders.refundableOfRegistration(e.payload.registrationId))
        await this.orders.refundOnce(order._id, {
          reason: '成员取消报名，自动退款',
          cause: 'member_cancelled',
          actorId: e.payload.actorId,
        });
    });
    const every = this.settings.events.holdSweepMs;
    if (every <= 0) await this.jobs.cancel(PAYMENTS_SWEEP_JOB);
    else await this.jobs.every(every, PAYMENTS_SWEEP_JOB);
  }

  /** One pass of everything; overlapping ticks are skipped. */
  async sweep(): Promise<SweepResult> {
    const result: SweepResult = { paid: 0, closed: 0, resent: 0, refunded: 0 };
    if (this.running) return result;
    this.running = true;
    try {
      result.paid = await this.reconciler.reconcileOpen();
      result.closed = await this.closeExpired();
      result.resent = await this.resendRefunds();
      for (const eventId of await this.orders.eventsWithRefundable()) {
        const event = await this.events.find(eventId).catch(() => null);
        if (event?.status === 'cancelled') result.refunded += await this.refundCancelledEvent(eventId);
      }
    } catch (error) {
      this.logger.error(`payments sweep failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.running = false;
    }
    return result;
  }

  /** created orders past their hold → closed at the provider and here (cause hold_expired). */
  closeExpired(): Promise<number> {
    return this.reconciler.closeExpired();
  }

  async resendRefunds(): Promise<number> {
    let n = 0;
    for (const order of await this.orders.unsentRefunds())
      for (const r of order.refunds.filter((x) => x.status === 'pending')) {
        await this.orders.sendRefund(order._id, r.outRefundNo);
        n += 1;
      }
    return n;
  }

  /** Refunds each paid ticket of the event once; safe to run again (and after a crash). */
  async refundCancelledEvent(eventId: string): Promise<number> {
    let n = 0;
    for (const order of await this.orders.refundableOfEvent(eventId)) {
      try {
        const no = await this.orders.refundOnce(order._id, {
          reason: '活动已取消，自动退款',
          cause: 'event_cancelled',
          actorId: null,
        });
        if (no) n += 1;
      } catch (error) {
        // Recorded but not sent: the next sweep resends it; the other orders go on.
        this.logger.warn(`refund of order ${order._id.toHexString()} failed: ${(error as Error).message}`);
      }
    }
    return n;
  }
}
