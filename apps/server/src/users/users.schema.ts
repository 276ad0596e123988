import { EventEmitter } from 'node:events';
import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Limits } from '@quanzi/contract';
import type { Types } from 'mongoose';

@Schema({ collection: 'users', timestamps: true, versionKey: false })
export class User {
  /** One account per WeChat openid (`dev:<nickname>` for dev logins): the unique index promises it. */
  @Prop({ type: String, required: true, unique: true })
  openid!: string;

  @Prop({ type: String, default: null })
  unionid!: string | null;

  /** The brand mini-program the openid belongs to (WECHAT_APPS); null: the default app. */
  @Prop({ type: String, default: null })
  wechatAppId!: string | null;

  @Prop({ type: String, required: true, maxlength: Limits.nicknameMax })
  nickname!: string;

  @Prop({ type: String, default: null, maxlength: Limits.avatarUrlMax })
  avatarUrl!: string | null;

  @Prop({ type: Date, default: null })
  lastLoginAt!: Date | null;
}

export const UserSchema = SchemaFactory.createForClass(User);

/**
 * Emits 'deleted' after any delete through the User model in this process, so the account
 * cache in UsersService forgets at once instead of at the end of its TTL.
 */
export const userDeletions = new EventEmitter();
userDeletions.setMaxListeners(0);
UserSchema.post(['deleteOne', 'deleteMany', 'findOneAndDelete'], { document: false, query: true }, () => {
  userDeletions.emit('deleted');
});

/** A user as `.lean()` returns it. */
export type UserRecord = User & { _id: Types.ObjectId; createdAt: Date; updatedAt: Date };
