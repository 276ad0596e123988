import { Inject, Injectable, Logger } from '@nestjs/common';
import { PAYABLE } from './order-states';
import type { OrderRecord } from './orders.schema';
import { OrdersService } from './orders.service';
import { PAYMENT_PROVIDER, type PaymentProviderClient } from './payment-provider';

/**
 * Never trusts the payer's word nor waits on a notification alone: asks the provider about open
 * orders (when the payer comes back, and on the sweep for orders without a notification) and
 * closes orders at the provider when their hold ran out, after one last query, so a payment
 * that raced the expiry is recorded (and refunded by markPaid when its seat is gone).
 */
@Injectable()
export class OrderReconciler {
  private readonly logger = new Logger(OrderReconciler.name);

  constructor(
    private readonly orders: OrdersService,
    @Inject(PAYMENT_PROVIDER) private readonly provider: PaymentProviderClient,
  ) {}

  private asks(order: OrderRecord): boolean {
    return !!this.provider.query && order.provider === this.provider.name && PAYABLE.includes(order.status);
  }

  /** The order as the provider sees it: paid there → paid here (idempotent with the notification). */
  async reconcile(order: OrderRecord, cause: string): Promise<OrderRecord> {
    if (!this.asks(order)) return order;
    const trade = await this.provider.query!(order);
    if (trade.state !== 'paid') return order;
    return this.orders.markPaid(order._id, { cause, transactionId: trade.transactionId, amountFen: trade.amountFen });
  }

  /** Same, for the payer's page: a failing provider must not fail the read. */
  async reconcileQuietly(order: OrderRecord, cause: string): Promise<OrderRecord> {
    try {
      return await this.reconcile(order, cause);
    } catch (error) {
      this.logger.warn(`query of order ${order.outTradeNo} failed: ${(error as Error).message}`);
      return order;
    }
  }

  /** Open orders still within their hold, asked about on the sweep; the number found paid. */
  async reconcileOpen(): Promise<number> {
    let paid = 0;
    if (!this.provider.query) return paid;
    for (const order of await this.orders.openOf(this.provider.name)) {
      const after = await this.reconcileQuietly(order, 'query_sweep');
      if (after.status !== order.status) paid += 1;
    }
    return paid;
  }

  /** created orders past their hold: last query, close at the provider, then closed here. */
  async closeExpired(): Promise<number> {
    let n = 0;
    for (const order of await this.orders.dueToClose()) {
      try {
        if (this.asks(order)) {
          const trade = await this.provider.query!(order);
          if (trade.state === 'paid') {
            await this.orders.markPaid(order._id, {
              cause: 'query_on_close',
              transactionId: trade.transactionId,
              amountFen: trade.amountFen,
            });
            continue;
          }
          // Closed there already (or never created there): nothing to close at the provider.
          if (trade.state === 'open') await this.provider.close?.(order);
        }
        if (await this.orders.close(order._id, 'hold_expired', null)) n += 1;
      } catch (error) {
        // Left open: the next sweep tries again.
        this.logger.warn(`closing order ${order.outTradeNo} failed: ${(error as Error).message}`);
      }
    }
    return n;
  }
}
