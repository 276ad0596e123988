import { createHash, timingSafeEqual } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { DomainEventBus } from '../bus/domain-event-bus';
import { forbidden } from '../common/domain-error';
import { oid } from '../common/object-id';
import { Settings } from '../config/settings';
import { UsersService } from '../users/users.service';
import { WechatMediaCheck } from '../wechat/wechat-media-check';
import { MediaCheck, type MediaCheckRecord } from './media-check.schema';

/** WeChat's signature on a pushed message: sha1 of token, timestamp and nonce, sorted and joined. */
export function wechatSignature(token: string, timestamp: string, nonce: string): string {
  return createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex');
}

/** The query WeChat signs a pushed message with. */
export interface CallbackQuery {
  signature?: string;
  timestamp?: string;
  nonce?: string;
  echostr?: string;
}

/** A `wxa_media_check` message (JSON mode, plaintext). */
export interface MediaCheckMessage {
  Event?: string;
  trace_id?: string;
  result?: { suggest?: string; label?: number };
}

/** msg scene 3: forum post (images are uploaded for posts, comments and avatars alike). */
const IMAGE_SCENE = 3;

/**
 * Images through WeChat's media check: each stored image is submitted once; a `risky` verdict
 * hides the image (no longer served) and publishes `upload.rejected` (posts showing it go to review).
 */
@Injectable()
export class MediaChecksService {
  private readonly logger = new Logger(MediaChecksService.name);

  constructor(
    @InjectModel(MediaCheck.name) private readonly checks: Model<MediaCheck>,
    private readonly wechat: WechatMediaCheck,
    private readonly users: UsersService,
    private readonly settings: Settings,
    private readonly bus: DomainEventBus,
  ) {}

  /**
   * Submits a newly stored image. A WeChat failure does not fail the upload (the text check and
   * reports still guard the post); it is logged and the image stays unchecked.
   */
  async submit(userId: string, name: string, url: string, app: string | null = null): Promise<void> {
    if (await this.checks.exists({ name })) return;
    try {
      const traceId = await this.wechat.submit(await this.users.openidOf(userId), url, IMAGE_SCENE, app);
      if (!traceId) return;
      await this.checks.updateOne(
        { name },
        { $setOnInsert: { name, url, userId: oid(userId), traceId, status: 'pending' } },
        { upsert: true },
      );
    } catch (error) {
      this.logger.warn(`media check not submitted for ${name}: ${error instanceof Error ? error.message : error}`);
    }
  }

  /** Whether a stored image was found risky (then it is not served). */
  async isRejected(name: string): Promise<boolean> {
    return (await this.checks.exists({ name, status: 'risky' })) !== null;
  }

  /** Refuses a pushed message whose signature is not WECHAT_CALLBACK_TOKEN's (or with no token configured). */
  verify(query: CallbackQuery): void {
    const token = this.settings.wechatCallbackToken;
    const { signature = '', timestamp = '', nonce = '' } = query;
    const expected = token ? Buffer.from(wechatSignature(token, timestamp, nonce)) : null;
    const given = Buffer.from(signature);
    if (!expected || expected.length !== given.length || !timingSafeEqual(expected, given))
      throw forbidden('签名校验失败');
  }

  /** Applies a pushed message; other events are acknowledged and ignored. */
  async handle(message: MediaCheckMessage): Promise<void> {
    if (message.Event !== 'wxa_media_check' || !message.trace_id) return;
    const suggest = message.result?.suggest;
    // `review` is left to people: the image stays, members can still report the post.
    const status = suggest === 'risky' ? 'risky' : suggest === 'pass' ? 'pass' : null;
    if (!status) return;
    const check = await this.checks
      .findOneAndUpdate({ traceId: message.trace_id, status: 'pending' }, { status }, { new: true })
      .lean<MediaCheckRecord>();
    if (check?.status !== 'risky') return;
    await this.bus.publish('upload.rejected', {
      circleId: null,
      actorId: null,
      url: check.url,
      userId: check.userId.toHexString(),
    });
  }
}
