import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { Injectable } from '@nestjs/common';
import { loadImage } from '@napi-rs/canvas';
import { eventPosterScene } from '@quanzi/contract';
import * as QRCode from 'qrcode';
import { Settings } from '../config/settings';
import { WechatService } from '../wechat/wechat.service';
import { PosterCache } from './poster-cache';
import { drawEventPoster } from './event-poster-draw';
import { drawPoster } from './poster-draw';
import { registerPosterFonts } from './poster-fonts';
import { PosterImages } from './poster-images';
import {
  EVENT_PAGE,
  LANDING_PAGE,
  POSTER_LAYOUT,
  type EventPosterInput,
  type PosterCodeKind,
  type PosterInput,
} from './poster.types';

/** Bumped when the drawing changes, so cached posters of the old look are not served. */
const LAYOUT_VERSION = 1;
const MEMORY_CACHE_BYTES = 32 * 1024 * 1024;

/** Invite and event posters: 750×1334 PNGs, rendered once per distinct content and then served from cache. */
@Injectable()
export class PosterService {
  private readonly cache: PosterCache;
  /** Renders in progress by key: concurrent requests for one poster share one render. */
  private readonly inFlight = new Map<string, Promise<Buffer>>();

  constructor(
    private readonly settings: Settings,
    private readonly wechat: WechatService,
    private readonly images: PosterImages,
  ) {
    registerPosterFonts();
    // An in-memory database means a throwaway instance (tests): keep posters in memory only.
    this.cache = new PosterCache(
      settings.dbInMemory ? null : path.join(settings.dataDir, 'posters'),
      MEMORY_CACHE_BYTES,
    );
  }

  /** WeChat mini-program code when WeChat is configured, else a QR code of the H5 landing URL. */
  get codeKind(): PosterCodeKind {
    return this.settings.wechatConfigured ? 'wxacode' : 'qr';
  }

  /** The H5 landing URL a plain QR code carries (Taro's H5 router runs in `browser` mode: real paths). */
  landingUrl(inviteCode: string): string {
    return `${this.settings.publicBaseUrl}/${LANDING_PAGE}?code=${encodeURIComponent(inviteCode)}`;
  }

  /** The H5 URL an event poster's plain QR code carries: the event page with the sharer's code. */
  eventUrl(eventId: string, inviteCode: string): string {
    return `${this.settings.publicBaseUrl}/${EVENT_PAGE}?id=${eventId}&inviteCode=${encodeURIComponent(inviteCode)}`;
  }

  /** `appId`: the brand mini-program the code opens (null: the default app). */
  async render(input: PosterInput, appId: string | null = null): Promise<Buffer> {
    return this.cached(this.keyOf(input, appId), () => this.draw(input, appId));
  }

  /** An event's poster; its code opens the event page carrying the sharer's invite code. */
  async renderEvent(input: EventPosterInput, appId: string | null = null): Promise<Buffer> {
    const key = createHash('sha256')
      .update(
        JSON.stringify([
          'event',
          LAYOUT_VERSION,
          this.codeKind,
          this.settings.publicBaseUrl,
          input,
          ...(appId ? [appId] : []),
        ]),
      )
      .digest('hex')
      .slice(0, 40);
    return this.cached(key, async () => {
      const code =
        this.codeKind === 'wxacode'
          ? await this.wechat.getUnlimitedQrCode(
              eventPosterScene(input.eventId, input.inviteCode),
              EVENT_PAGE,
              430,
              appId,
            )
          : await this.qr(this.eventUrl(input.eventId, input.inviteCode));
      const [cover, avatar] = await Promise.all([
        this.images.load(input.coverUrl),
        input.sharerNickname ? this.images.load(input.sharerAvatarUrl) : Promise.resolve(null),
      ]);
      return drawEventPoster({ ...input, cover, avatar, code: await loadImage(code), codeKind: this.codeKind });
    });
  }

  private async cached(key: string, draw: () => Promise<Buffer>): Promise<Buffer> {
    const cached = await this.cache.get(key);
    if (cached) return cached;
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = draw()
        .then(async (png) => {
          await this.cache.set(key, png);
          return png;
        })
        .finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  private async draw(input: PosterInput, appId: string | null): Promise<Buffer> {
    const [cover, avatar, code] = await Promise.all([
      this.images.load(input.coverUrl),
      input.inviterNickname ? this.images.load(input.inviterAvatarUrl) : Promise.resolve(null),
      this.codeImage(input.inviteCode, appId),
    ]);
    return drawPoster({
      circleName: input.circleName,
      inviterNickname: input.inviterNickname,
      cover,
      avatar,
      code: await loadImage(code),
      codeKind: this.codeKind,
    });
  }

  /**
   * The invite's code alone (渠道活码: admins print it per channel). It carries only the invite
   * code, so it keeps working when the link's tags change.
   */
  async renderCode(inviteCode: string, appId: string | null = null): Promise<Buffer> {
    const key = createHash('sha256')
      .update(
        JSON.stringify(['code', this.codeKind, this.settings.publicBaseUrl, inviteCode, ...(appId ? [appId] : [])]),
      )
      .digest('hex')
      .slice(0, 40);
    return this.cached(key, () => this.codeImage(inviteCode, appId));
  }

  /** The code's PNG. A WeChat failure is not softened: a poster without a working code is useless. */
  private async codeImage(inviteCode: string, appId: string | null): Promise<Buffer> {
    if (this.codeKind === 'wxacode') return this.wechat.getUnlimitedQrCode(inviteCode, LANDING_PAGE, 430, appId);
    return this.qr(this.landingUrl(inviteCode));
  }

  private qr(url: string): Promise<Buffer> {
    return QRCode.toBuffer(url, {
      type: 'png',
      errorCorrectionLevel: 'M',
      margin: 2,
      width: POSTER_LAYOUT.code.size,
    });
  }

  private keyOf(input: PosterInput, appId: string | null): string {
    const parts = [
      LAYOUT_VERSION,
      this.codeKind,
      this.settings.publicBaseUrl,
      input.circleName,
      input.coverUrl,
      input.inviterNickname,
      input.inviterAvatarUrl,
      input.inviteCode,
      // Only a brand's poster adds its appid: the default app's keys (and cached files) stay as they were.
      ...(appId ? [appId] : []),
    ];
    return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 40);
  }
}
