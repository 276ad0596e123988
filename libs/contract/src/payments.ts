import type { Id, IsoTime } from './common';

/** Order states: created → paid → refunding → refunded | partially_refunded, or created → closed. */
export const ORDER_STATUSES = ['created', 'paid', 'refunding', 'refunded', 'partially_refunded', 'closed'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Who collects the money: WeChat Pay, or the development gateway (模拟支付, never in production). */
export type PaymentProvider = 'wechat' | 'dev';

export type RefundStatus = 'pending' | 'processing' | 'success' | 'failed';

export interface OrderRefundView {
  outRefundNo: string;
  amountFen: number;
  reason: string;
  /** Why it was refunded: admin, event_cancelled, late_payment, member_cancelled. */
  cause: string;
  status: RefundStatus;
  createdAt: IsoTime;
}

export interface OrderView {
  id: Id;
  kind: 'ticket';
  outTradeNo: string;
  provider: PaymentProvider;
  status: OrderStatus;
  /** Charged amount in 分 (CNY), computed by the server from the ticket type. */
  amountFen: number;
  refundedFen: number;
  currency: 'CNY';
  description: string;
  userId: Id;
  circleId: Id;
  eventId: Id | null;
  registrationId: Id | null;
  ticketTypeId: Id | null;
  createdAt: IsoTime;
  paidAt: IsoTime | null;
  /** The seat is released (and the order closed) at this time if unpaid. */
  expiresAt: IsoTime;
  refunds: OrderRefundView[];
}

/** `POST /api/orders/:id/refund`: full by default. */
export interface RefundOrderRequest {
  amountFen?: number;
  reason: string;
}

/** The development gateway's checkout (the H5 app shows it as a 模拟支付 sheet). */
export interface DevCheckoutParams {
  orderId: Id;
  amountFen: number;
  description: string;
  confirmUrl: string;
  cancelUrl: string;
}

/** `GET /api/circles/:id/orders?status&limit&cursor` (newest first). */
export interface OrderListQuery {
  status?: OrderStatus;
  limit?: number;
  cursor?: string;
}

/** Order labels in the admin's words (list, CSV). */
export const OrderStatusLabels: Record<OrderStatus, string> = {
  created: '待支付',
  paid: '已支付',
  refunding: '退款中',
  refunded: '已退款',
  partially_refunded: '部分退款',
  closed: '已关闭',
};

/** An order in the admin list: the order plus the payer's name. */
export interface CircleOrderView extends OrderView {
  payer: { nickname: string };
}

/** Money in and out per Asia/Shanghai day and per ticket type (paid orders, refunds settled). */
export interface RevenueView {
  byDay: { day: string; paidFen: number; refundedFen: number; orders: number }[];
  byTicketType: {
    ticketTypeId: Id | null;
    description: string;
    paidFen: number;
    refundedFen: number;
    orders: number;
  }[];
}
