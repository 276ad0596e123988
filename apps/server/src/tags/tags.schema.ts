import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { TagColorDefault, TagLimits } from '@quanzi/contract';
import { Schema as MongooseSchema, Types } from 'mongoose';

/** A circle's tag definition. Grants of a tag to members live on the membership (`tags`). */
@Schema({ collection: 'tags', timestamps: true, versionKey: false })
export class Tag {
  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  circleId!: Types.ObjectId;

  @Prop({ type: String, required: true, maxlength: TagLimits.nameMax })
  name!: string;

  @Prop({ type: String, required: true, default: TagColorDefault })
  color!: string;
}

export const TagSchema = SchemaFactory.createForClass(Tag);
/** A name means one tag within a circle; also serves the circle's tag list. */
TagSchema.index({ circleId: 1, name: 1 }, { unique: true });

export type TagRecord = Tag & { _id: Types.ObjectId; createdAt: Date; updatedAt: Date };
