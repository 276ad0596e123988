import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema, Types } from 'mongoose';

/**
 * Subscribe-message send credits of one member for one template: each accept in
 * `wx.requestSubscribeMessage` allows WeChat to deliver one message, so each is one credit.
 */
@Schema({ collection: 'subscribe_credits', versionKey: false })
export class SubscribeCredit {
  @Prop({ type: MongooseSchema.Types.ObjectId, required: true }) userId!: Types.ObjectId;
  @Prop({ type: String, required: true }) templateKey!: string;
  @Prop({ type: Number, required: true, min: 0 }) credits!: number;
  @Prop({ type: Date, required: true }) updatedAt!: Date;
}
export type SubscribeCreditRecord = SubscribeCredit & { _id: Types.ObjectId };
export const SubscribeCreditSchema = SchemaFactory.createForClass(SubscribeCredit);
SubscribeCreditSchema.index({ userId: 1, templateKey: 1 }, { unique: true });
