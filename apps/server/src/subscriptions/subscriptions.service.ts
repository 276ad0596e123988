import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { SubscribeTemplateKey, SubscriptionsView } from '@quanzi/contract';
import { Model, trusted } from 'mongoose';
import type { Actor } from '../auth/actor';
import { Clock } from '../common/clock';
import { oid } from '../common/object-id';
import { Settings, type SubscribeValue } from '../config/settings';
import { UsersService } from '../users/users.service';
import { WechatApiError } from '../wechat/wechat.errors';
import { WechatService } from '../wechat/wechat.service';
import { SubscribeCredit, type SubscribeCreditRecord } from './subscriptions.schema';
import type { SubscriptionsDto } from './dto/subscriptions.dto';

/** WeChat's `thing` fields take at most 20 characters. */
const FIELD_MAX = 20;
/** errcode -1: WeChat is busy; worth a retry like an unreachable server. */
const SYSTEM_BUSY = -1;

export type PushOutcome = { status: 'sent' } | { status: 'failed'; error: string };

/**
 * Subscribe messages (订阅消息): the member's send credits, and sends through
 * `/cgi-bin/message/subscribe/send` with the template and field mapping from configuration.
 * A send takes one credit atomically; without one, nothing is sent (the inbox item stands alone).
 */
@Injectable()
export class SubscriptionsService {
  constructor(
    @InjectModel(SubscribeCredit.name) private readonly credits: Model<SubscribeCredit>,
    private readonly wechat: WechatService,
    private readonly users: UsersService,
    private readonly settings: Settings,
    private readonly clock: Clock,
  ) {}

  /** One credit per accepted template (a repeated accept adds one more, as WeChat does). */
  async record(actor: Actor, dto: SubscriptionsDto): Promise<SubscriptionsView> {
    const userId = oid(actor.userId);
    for (const templateKey of dto.accepted) {
      await this.credits.updateOne(
        { userId, templateKey },
        { $inc: { credits: 1 }, $set: { updatedAt: this.clock.now() } },
        { upsert: true },
      );
    }
    const rows = await this.credits.find({ userId }).lean<SubscribeCreditRecord[]>();
    return { credits: Object.fromEntries(rows.map((r) => [r.templateKey, r.credits])) };
  }

  configured(key: SubscribeTemplateKey): boolean {
    return Boolean(this.settings.reach.templates[key]);
  }

  /**
   * Sends one message. `failed` outcomes are final (no credit, 43101 refused, another errcode);
   * a transient failure (unreachable, busy) gives the credit back and throws, for the caller's retry.
   */
  async send(
    userId: string,
    key: SubscribeTemplateKey,
    values: Record<SubscribeValue, string>,
    page: string | null,
  ): Promise<PushOutcome> {
    const template = this.settings.reach.templates[key];
    if (!template) return { status: 'failed', error: 'no_template' };
    const taken = await this.credits.updateOne(
      { userId: oid(userId), templateKey: key, credits: trusted({ $gt: 0 }) },
      { $inc: { credits: -1 }, $set: { updatedAt: this.clock.now() } },
    );
    if (taken.modifiedCount === 0) return { status: 'failed', error: 'no_credit' };
    const data = Object.fromEntries(
      Object.entries(template.fields).map(([field, value]) => [field, { value: fit(field, values[value]) }]),
    );
    try {
      // Through the app the member's openid belongs to (a brand's mini-program or the default).
      const to = await this.users.wechatRecipientOf(userId);
      const ok = await this.wechat.sendSubscribeMessage(
        {
          toOpenid: to.openid,
          templateId: template.templateId,
          page: page ? page.replace(/^\//, '') : undefined,
          data,
        },
        to.appId,
      );
      return ok ? { status: 'sent' } : { status: 'failed', error: '43101' };
    } catch (error) {
      if (error instanceof WechatApiError && error.errcode !== SYSTEM_BUSY) {
        return { status: 'failed', error: String(error.errcode) };
      }
      await this.credits.updateOne({ userId: oid(userId), templateKey: key }, { $inc: { credits: 1 } });
      throw error;
    }
  }
}

/** `thing` / `phrase` fields are short; times and others go as they are. */
function fit(field: string, value: string): string {
  const chars = [...value.replace(/\s+/g, ' ').trim()];
  if (!/^(thing|phrase|name)\d+$/.test(field) || chars.length <= FIELD_MAX) return chars.join('');
  return `${chars.slice(0, FIELD_MAX - 1).join('')}…`;
}
