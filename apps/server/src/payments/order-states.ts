import type { OrderStatus } from '@quanzi/contract';

/**
 * The order state machine. `closed → paid` is allowed: money that arrives for a closed order
 * (its hold expired) was still taken, so it is recorded and then refunded.
 */
const NEXT: Record<OrderStatus, readonly OrderStatus[]> = {
  created: ['paid', 'closed'],
  closed: ['paid'],
  paid: ['refunding'],
  // Back to where it was when the provider refuses the refund.
  refunding: ['refunded', 'partially_refunded', 'paid'],
  partially_refunded: ['refunding'],
  refunded: [],
};

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return NEXT[from].includes(to);
}

/** States a payment may arrive in (a refund that failed goes back to paid by settleRefund, not here). */
export const PAYABLE: readonly OrderStatus[] = ['created', 'closed'];

/** States in which money was received and not all of it returned. */
export const REFUNDABLE: readonly OrderStatus[] = ['paid', 'partially_refunded'];

/** Where a settled refund leaves the order. */
export function afterRefund(amountFen: number, refundedFen: number): 'refunded' | 'partially_refunded' {
  return refundedFen >= amountFen ? 'refunded' : 'partially_refunded';
}

/** `T` + 24-hex registration id + attempt: ≤ 32 characters, letters and digits (WeChat Pay's rule). */
export function outTradeNo(registrationId: string, attempt: number): string {
  return `T${registrationId}${attempt}`;
}

/** Stable per order and purpose, so a resent refund is the same refund to the provider. */
export function outRefundNo(orderId: string, purpose: string, seq: number): string {
  return `R${orderId}${purpose}${seq}`.slice(0, 64);
}
