import type { PaymentProvider } from '@quanzi/contract';
import type { OrderRecord, OrderRefund } from './orders.schema';

/** One way of collecting money (WeChat Pay, or the development gateway). */
export interface PaymentProviderClient {
  readonly name: PaymentProvider;
  /** What the client pays with (`wx.requestPayment` parameters, or the 模拟支付 checkout). */
  prepay(order: OrderRecord): Promise<Record<string, unknown>>;
  /**
   * Asks for the refund (same `outRefundNo` → same refund, so resending is safe): `success` when
   * settled at once, `processing` when a refund notification will follow.
   */
  refund(order: OrderRecord, refund: OrderRefund): Promise<'success' | 'processing'>;
}
export const PAYMENT_PROVIDER = Symbol('PaymentProviderClient');
