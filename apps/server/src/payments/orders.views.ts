import type { OrderView } from '@quanzi/contract';
import type { OrderRecord } from './orders.schema';

export function toOrderView(o: OrderRecord): OrderView {
  return {
    id: o._id.toHexString(),
    kind: o.kind,
    outTradeNo: o.outTradeNo,
    provider: o.provider,
    status: o.status,
    amountFen: o.amountFen,
    refundedFen: o.refundedFen,
    currency: 'CNY',
    description: o.description,
    userId: o.userId.toHexString(),
    circleId: o.circleId.toHexString(),
    eventId: o.eventId?.toHexString() ?? null,
    registrationId: o.registrationId?.toHexString() ?? null,
    ticketTypeId: o.ticketTypeId?.toHexString() ?? null,
    createdAt: o.createdAt.toISOString(),
    paidAt: o.paidAt?.toISOString() ?? null,
    expiresAt: o.expiresAt.toISOString(),
    refunds: o.refunds.map((r) => ({
      outRefundNo: r.outRefundNo,
      amountFen: r.amountFen,
      reason: r.reason,
      cause: r.cause,
      status: r.status,
      createdAt: r.createdAt.toISOString(),
    })),
  };
}
