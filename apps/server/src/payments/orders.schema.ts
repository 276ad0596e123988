import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { ORDER_STATUSES, type OrderStatus, type PaymentProvider, type RefundStatus } from '@quanzi/contract';
import { Schema as MongooseSchema, Types } from 'mongoose';

/** One refund of an order; `outRefundNo` is stable, so a resent request is the same refund to the provider. */
@Schema({ _id: false, versionKey: false })
export class OrderRefund {
  @Prop({ type: String, required: true }) outRefundNo!: string;
  @Prop({ type: Number, required: true }) amountFen!: number;
  @Prop({ type: String, required: true }) reason!: string;
  @Prop({ type: String, required: true }) cause!: string;
  /** pending: recorded, not yet accepted by the provider; processing: accepted; success | failed: final. */
  @Prop({ type: String, required: true }) status!: RefundStatus;
  @Prop({ type: Date, required: true }) createdAt!: Date;
}
const OrderRefundSchema = SchemaFactory.createForClass(OrderRefund);

/** One state change, with what caused it (payer, notification, sweep, admin…). */
@Schema({ _id: false, versionKey: false })
export class OrderTransition {
  @Prop({ type: String, required: true }) from!: string;
  @Prop({ type: String, required: true }) to!: string;
  @Prop({ type: String, required: true }) cause!: string;
  @Prop({ type: MongooseSchema.Types.ObjectId, default: null }) actorId!: Types.ObjectId | null;
  @Prop({ type: Date, required: true }) at!: Date;
}
const OrderTransitionSchema = SchemaFactory.createForClass(OrderTransition);

/** Everything paid (today: event tickets). Amounts in 分, CNY. */
@Schema({ collection: 'orders', timestamps: true, versionKey: false })
export class Order {
  @Prop({ type: String, required: true, enum: ['ticket'] }) kind!: 'ticket';
  /** Merchant order number: `T` + registration id + attempt (≤ 32 chars as WeChat Pay requires). */
  @Prop({ type: String, required: true }) outTradeNo!: string;
  @Prop({ type: String, required: true, enum: ['wechat', 'dev'] }) provider!: PaymentProvider;
  @Prop({ type: String, required: true, enum: ORDER_STATUSES }) status!: OrderStatus;
  @Prop({ type: Number, required: true }) amountFen!: number;
  @Prop({ type: Number, default: 0 }) refundedFen!: number;
  @Prop({ type: String, default: 'CNY' }) currency!: 'CNY';
  @Prop({ type: String, required: true }) description!: string;
  @Prop({ type: MongooseSchema.Types.ObjectId, required: true }) userId!: Types.ObjectId;
  @Prop({ type: MongooseSchema.Types.ObjectId, required: true }) circleId!: Types.ObjectId;
  @Prop({ type: MongooseSchema.Types.ObjectId, default: null }) eventId!: Types.ObjectId | null;
  @Prop({ type: MongooseSchema.Types.ObjectId, default: null }) registrationId!: Types.ObjectId | null;
  @Prop({ type: MongooseSchema.Types.ObjectId, default: null }) ticketTypeId!: Types.ObjectId | null;
  @Prop({ type: Number, required: true }) attempt!: number;
  @Prop({ type: Date, required: true }) expiresAt!: Date;
  @Prop({ type: Date, default: null }) paidAt!: Date | null;
  /** The provider's transaction id once paid. */
  @Prop({ type: String, default: null }) transactionId!: string | null;
  @Prop({ type: [OrderRefundSchema], default: [] }) refunds!: OrderRefund[];
  @Prop({ type: [OrderTransitionSchema], default: [] }) history!: OrderTransition[];
}
export const OrderSchema = SchemaFactory.createForClass(Order);
OrderSchema.index({ outTradeNo: 1 }, { unique: true });
OrderSchema.index({ registrationId: 1, attempt: -1 });
OrderSchema.index({ circleId: 1, _id: -1 });
OrderSchema.index({ status: 1, expiresAt: 1 });
OrderSchema.index({ eventId: 1, status: 1 });
OrderSchema.index({ 'refunds.outRefundNo': 1 });

export type OrderRecord = Order & { _id: Types.ObjectId; createdAt: Date; updatedAt: Date };
