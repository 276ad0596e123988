import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { ErrorCode, type UserView } from '@quanzi/contract';
import { Model, trusted } from 'mongoose';
import { Clock } from '../common/clock';
import { DomainError, unauthenticated } from '../common/domain-error';
import { Settings } from '../config/settings';
import type { Actor } from '../auth/actor';
import { WechatService } from '../wechat/wechat.service';
import type { UpdateProfileDto } from './dto/update-profile.dto';
import { User, userDeletions, type UserRecord } from './users.schema';
import { isObjectIdHex, oid } from '../common/object-id';

const DUPLICATE_KEY = 11000;

/**
 * How long a confirmed account is trusted without reading it again. Deletes through the model in
 * this process clear the cache at once; a delete made elsewhere (another instance, a database
 * shell) stops the account's tokens within this bound.
 */
export const ACCOUNT_CACHE_TTL_MS = 10_000;
const ACCOUNT_CACHE_MAX = 50_000;

/** What other members see of a user next to their posts, comments and memberships. */
export interface UserSummary {
  id: string;
  nickname: string;
  avatarUrl: string | null;
}

@Injectable()
export class UsersService implements OnModuleDestroy {
  /** userId → when the account was last seen to exist (clock ms); insertion order is age order. */
  private readonly confirmed = new Map<string, number>();
  /** Bumped by every delete, so a read that raced a delete does not re-confirm the account. */
  private generation = 0;
  private readonly forgetAll = () => {
    this.generation += 1;
    this.confirmed.clear();
  };

  constructor(
    @InjectModel(User.name) private readonly users: Model<User>,
    private readonly settings: Settings,
    private readonly wechat: WechatService,
    private readonly clock: Clock,
  ) {
    userDeletions.on('deleted', this.forgetAll);
  }

  onModuleDestroy(): void {
    userDeletions.off('deleted', this.forgetAll);
  }

  /** Whether the account behind a token still exists; the auth guard asks on every request. */
  async exists(userId: string): Promise<boolean> {
    const now = this.clock.nowMs();
    const seenAt = this.confirmed.get(userId);
    if (seenAt !== undefined && now - seenAt >= 0 && now - seenAt < ACCOUNT_CACHE_TTL_MS) return true;
    this.confirmed.delete(userId);
    const generation = this.generation;
    if (!(await this.users.exists({ _id: oid(userId) }))) return false;
    if (generation !== this.generation) return true; // found before a delete: answer, do not cache
    if (this.confirmed.size >= ACCOUNT_CACHE_MAX) this.confirmed.delete(this.confirmed.keys().next().value!);
    this.confirmed.set(userId, now);
    return true;
  }

  /**
   * Finds or creates the account for an openid in one atomic upsert and stamps the login.
   * Two first logins racing both upsert; the unique index lets one insert and the loser retries
   * as an update, so an openid never gets two accounts.
   */
  async upsertForLogin(
    openid: string,
    unionid: string | null,
    nickname: string,
    wechatAppId: string | null = null,
  ): Promise<{ user: UserRecord; firstLogin: boolean }> {
    const update = {
      // An openid is per app, so the app never changes for a record; set it each login all the same.
      $set: { lastLoginAt: this.clock.now(), wechatAppId, ...(unionid ? { unionid } : {}) },
      $setOnInsert: { nickname, avatarUrl: null, ...(unionid ? {} : { unionid: null }) },
    };
    for (let attempt = 1; ; attempt += 1) {
      try {
        const res = await this.users.findOneAndUpdate({ openid }, update, {
          upsert: true,
          returnDocument: 'after',
          includeResultMetadata: true,
          lean: true,
        });
        const user = res.value as UserRecord | null;
        if (!user) throw new Error('upsert returned no document');
        return { user, firstLogin: !res.lastErrorObject?.updatedExisting };
      } catch (error) {
        if (attempt < 2 && (error as { code?: unknown }).code === DUPLICATE_KEY) continue;
        throw error;
      }
    }
  }

  async getMe(actor: Actor): Promise<UserView> {
    return this.toUserView(await this.findOrUnauthenticated(actor.userId));
  }

  async updateMe(actor: Actor, dto: UpdateProfileDto): Promise<UserView> {
    const current = await this.findOrUnauthenticated(actor.userId);
    const $set: Partial<Pick<User, 'nickname' | 'avatarUrl'>> = {};
    if (dto.nickname !== undefined && dto.nickname !== current.nickname) {
      // A nickname is shown to other members, so it passes WeChat's content check first.
      if ((await this.wechat.checkText(current.openid, dto.nickname, 1)) === 'risky') {
        throw new DomainError(ErrorCode.CONTENT_REJECTED, '昵称未通过内容安全检测', [
          { field: 'nickname', message: '内容未通过安全检测' },
        ]);
      }
      $set.nickname = dto.nickname;
    }
    if (dto.avatarUrl !== undefined) $set.avatarUrl = dto.avatarUrl;
    if (Object.keys($set).length === 0) return this.toUserView(current);

    const updated = await this.users
      .findOneAndUpdate({ _id: current._id }, { $set }, { returnDocument: 'after' })
      .lean<UserRecord>();
    if (!updated) throw unauthenticated('账号不存在，请重新登录');
    return this.toUserView(updated);
  }

  async isPlatformAdmin(userId: string): Promise<boolean> {
    const user = await this.users.findById(userId, { openid: 1 }).lean<Pick<UserRecord, 'openid'>>();
    return user !== null && this.settings.adminOpenids.has(user.openid);
  }

  /** Name and avatar of each user, for author and member lists of other modules. Missing ids are absent. */
  async summaries(userIds: string[]): Promise<Map<string, UserSummary>> {
    const ids = [...new Set(userIds)].filter(isObjectIdHex);
    if (ids.length === 0) return new Map();
    const rows = await this.users
      .find({ _id: trusted({ $in: ids.map((id) => oid(id)) }) }, { nickname: 1, avatarUrl: 1 })
      .lean<Pick<UserRecord, '_id' | 'nickname' | 'avatarUrl'>[]>();
    return new Map(
      rows.map((u) => [
        u._id.toHexString(),
        { id: u._id.toHexString(), nickname: u.nickname, avatarUrl: u.avatarUrl ?? null },
      ]),
    );
  }

  /** Which of `userIds` have `text` in their nickname (case-insensitive, literal match). */
  async filterByNickname(userIds: string[], text: string): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    const literal = new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
    const rows = await this.users
      .find({ _id: trusted({ $in: userIds.map((id) => oid(id)) }), nickname: trusted({ $regex: literal }) }, { _id: 1 })
      .lean<Pick<UserRecord, '_id'>[]>();
    return new Set(rows.map((u) => u._id.toHexString()));
  }

  /** The WeChat openid content checks are filed under (`dev:…` for dev accounts). */
  async openidOf(userId: string): Promise<string> {
    return (await this.findOrUnauthenticated(userId)).openid;
  }

  /** Where a subscribe message to the member goes: their openid and the app it belongs to (null: default). */
  async wechatRecipientOf(userId: string): Promise<{ openid: string; appId: string | null }> {
    const user = await this.findOrUnauthenticated(userId);
    return { openid: user.openid, appId: user.wechatAppId ?? null };
  }

  toUserView(user: UserRecord): UserView {
    return {
      id: user._id.toHexString(),
      nickname: user.nickname,
      avatarUrl: user.avatarUrl ?? null,
      isPlatformAdmin: this.settings.adminOpenids.has(user.openid),
      createdAt: user.createdAt.toISOString(),
    };
  }

  private async findOrUnauthenticated(userId: string): Promise<UserRecord> {
    const user = await this.users.findById(userId).lean<UserRecord>();
    // A valid token for a vanished account: make the client log in again rather than 404.
    if (!user) throw unauthenticated('账号不存在，请重新登录');
    return user;
  }
}
