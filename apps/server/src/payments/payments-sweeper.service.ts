import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DomainEventBus } from '../bus/domain-event-bus';
import { Settings } from '../config/settings';
import { EventsService } from '../events/events.service';
import { OrdersService } from './orders.service';

export interface SweepResult {
  closed: number;
  resent: number;
  refunded: number;
}

/**
 * Timed payment work as idempotent public methods: close orders whose hold ran out, resend
 * refunds recorded but not accepted (a crash in between), and refund every paid ticket of a
 * cancelled event once. Driven for now by `event.cancelled` and a simple timer (the hold sweep's
 * EVENT_HOLD_SWEEP_MS); the durable job scheduler is meant to drive the same methods.
 */
@Injectable()
export class PaymentsSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PaymentsSweeper.name);
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    private readonly orders: OrdersService,
    private readonly events: EventsService,
    private readonly bus: DomainEventBus,
    private readonly settings: Settings,
  ) {}

  onApplicationBootstrap(): void {
    this.bus.subscribe('event.cancelled', (e) => this.refundCancelledEvent(e.payload.eventId).then(() => undefined));
    const every = this.settings.events.holdSweepMs;
    if (every <= 0) return;
    this.timer = setInterval(() => void this.sweep(), every);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One pass of everything; overlapping ticks are skipped. */
  async sweep(): Promise<SweepResult> {
    const result: SweepResult = { closed: 0, resent: 0, refunded: 0 };
    if (this.running) return result;
    this.running = true;
    try {
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

  /** created orders past their hold → closed (cause hold_expired). */
  async closeExpired(): Promise<number> {
    let n = 0;
    for (const order of await this.orders.dueToClose())
      if (await this.orders.close(order._id, 'hold_expired', null)) n += 1;
    return n;
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
