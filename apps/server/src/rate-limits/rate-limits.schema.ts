import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * One counter per (key, window): `_id` names both, so a new window is a new document and an
 * increment is a single atomic `$inc` upsert. MongoDB's TTL monitor removes ended windows.
 */
@Schema({ collection: 'rate_limit_counters', versionKey: false })
export class RateLimitCounter {
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: Number, required: true, default: 0 })
  count!: number;

  @Prop({ type: Date, required: true })
  expiresAt!: Date;
}

export const RateLimitCounterSchema = SchemaFactory.createForClass(RateLimitCounter);
RateLimitCounterSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });
