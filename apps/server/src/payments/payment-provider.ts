import type { PaymentProvider } from '@quanzi/contract';
import type { OrderRecord, OrderRefund } from './orders.schema';

/** What the provider says about an order's payment when asked (WeChat Pay's trade_state, simplified). */
export interface ProviderTrade {
  /** paid: money taken; open: not paid yet; closed: can no longer be paid. */
  state: 'paid' | 'open' | 'closed';
  transactionId?: string | null;
  amountFen?: number;
}

/** One way of collecting money (WeChat Pay, or the development gateway). */
export interface PaymentProviderClient {
  readonly name: PaymentProvider;
  /** What the client pays with (`wx.requestPayment` parameters, or the 模拟支付 checkout). */
  prepay(order: OrderRecord): Promise<Record<string, unknown>>;
  /**
   * Asks for the refund (same `outRefundNo` → same refund, so resending is safe): `success` when
   * settled at once, `processing` when a refund notification will follow, `refused` when the
   * provider will never make it (resending cannot help); throws when it may work later.
   */
  refund(order: OrderRecord, refund: OrderRefund): Promise<'success' | 'processing' | 'refused'>;
  /** Asks the provider whether the order was paid (providers that notify may miss a notification). */
  query?(order: OrderRecord): Promise<ProviderTrade>;
  /** Tells the provider the order can no longer be paid (its hold ran out). */
  close?(order: OrderRecord): Promise<void>;
}
export const PAYMENT_PROVIDER = Symbol('PaymentProviderClient');
