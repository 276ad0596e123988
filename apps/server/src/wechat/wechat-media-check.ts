import { Injectable } from '@nestjs/common';
import { Settings } from '../config/settings';
import { WechatHttpClient } from './wechat.client';
import { WechatService, type ContentScene } from './wechat.service';

/**
 * WeChat's asynchronous image check (security.mediaCheckAsync v2). The verdict arrives later as a
 * `wxa_media_check` message on POST /api/wechat/callback, keyed by the trace id `submit` returns.
 * Beside WechatService (whose token cache it uses) so the token logic stays in one place.
 */
@Injectable()
export class WechatMediaCheck {
  constructor(
    private readonly http: WechatHttpClient,
    private readonly wechat: WechatService,
    private readonly settings: Settings,
  ) {}

  /**
   * The trace id, or null when nothing was submitted (no credentials, or a dev account). `app`: the
   * brand's appid the uploader logged in with (their openid belongs to that app); null: the default app.
   */
  async submit(
    openid: string,
    mediaUrl: string,
    scene: ContentScene,
    app: string | null = null,
  ): Promise<string | null> {
    if (!this.settings.wechatConfigured || openid.startsWith('dev:')) return null;
    const token = await this.wechat.getAccessToken(app);
    const res = await this.http.postJson<{ trace_id: string }>(
      'media_check_async',
      '/wxa/media_check_async',
      { access_token: token },
      { media_url: mediaUrl, media_type: 2, version: 2, scene, openid },
    );
    return res.trace_id;
  }
}
