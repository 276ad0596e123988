import { Injectable, Logger } from '@nestjs/common';
import { Settings } from '../config/settings';
import { WechatHttpClient } from './wechat.client';
import { WechatApiError } from './wechat.errors';
import { Clock } from '../common/clock';

/** Refresh this long before WeChat's stated expiry so an in-flight call never carries a dead token. */
const TOKEN_MARGIN_MS = 5 * 60 * 1000;

export interface WechatSession {
  openid: string;
  unionid: string | null;
}

/** msg_sec_check v2 scenes: 1 profile, 2 comment, 3 forum post, 4 social log. */
export type ContentScene = 1 | 2 | 3 | 4;
export type ContentVerdict = 'pass' | 'review' | 'risky';

export interface SubscribeMessage {
  toOpenid: string;
  templateId: string;
  page?: string;
  data: Record<string, { value: string }>;
}

/**
 * The WeChat server APIs Quanzi uses. The access token is cached here, once per app per process,
 * because WeChat rate-limits token issue; `stable_token` is used so that several processes
 * sharing one appid do not invalidate each other's tokens.
 */
@Injectable()
export class WechatService {
  private readonly logger = new Logger(WechatService.name);
  /** Access tokens by appid: each brand's mini-program has its own. */
  private readonly tokens = new Map<string, { value: string; expiresAt: number }>();
  private readonly tokenRequests = new Map<string, Promise<string>>();
  private warnedUnchecked = false;

  constructor(
    private readonly http: WechatHttpClient,
    private readonly settings: Settings,
    private readonly clock: Clock,
  ) {}

  /**
   * Exchanges a `wx.login` code for the member's openid, against the app the code came from
   * (null: the default app). The session_key stays here.
   */
  async code2Session(code: string, app: string | null = null): Promise<WechatSession> {
    const { appId, secret } = this.http.credentialsFor(app);
    const res = await this.http.getJson<{ openid: string; unionid?: string; session_key?: string }>(
      'code2Session',
      '/sns/jscode2session',
      { appid: appId, secret, js_code: code, grant_type: 'authorization_code' },
    );
    return { openid: res.openid, unionid: res.unionid ?? null };
  }

  async getAccessToken(app: string | null = null): Promise<string> {
    const { appId } = this.http.credentialsFor(app);
    const cached = this.tokens.get(appId);
    if (cached && this.clock.nowMs() < cached.expiresAt) return cached.value;
    // Single flight: concurrent callers share one token request per app.
    let request = this.tokenRequests.get(appId);
    if (!request) {
      request = this.fetchToken(appId).finally(() => this.tokenRequests.delete(appId));
      this.tokenRequests.set(appId, request);
    }
    return request;
  }

  /**
   * Mini-program code image for a poster; `scene` is at most 32 visible characters. `app` is the
   * mini-program the code opens (null: the default app).
   */
  async getUnlimitedQrCode(scene: string, page?: string, width = 430, app: string | null = null): Promise<Buffer> {
    return this.withToken(app, (token) =>
      this.http.postForBinary(
        'getwxacodeunlimit',
        '/wxa/getwxacodeunlimit',
        { access_token: token },
        {
          scene,
          ...(page ? { page, check_path: false } : {}),
          width,
        },
      ),
    );
  }

  /**
   * Content security check (msg_sec_check v2). Without credentials (local development) every
   * text passes, with a warning, so the product stays usable offline.
   */
  async checkText(openid: string, content: string, scene: ContentScene): Promise<ContentVerdict> {
    if (!this.settings.wechatConfigured || openid.startsWith('dev:')) {
      if (!this.warnedUnchecked) this.logger.warn('content check skipped (no WeChat credentials or dev account)');
      this.warnedUnchecked = true;
      return 'pass';
    }
    const res = await this.withToken(null, (token) =>
      this.http.postJson<{ result?: { suggest?: string } }>(
        'msg_sec_check',
        '/wxa/msg_sec_check',
        { access_token: token },
        {
          content,
          version: 2,
          scene,
          openid,
        },
      ),
    );
    const suggest = res.result?.suggest;
    return suggest === 'risky' || suggest === 'review' ? suggest : 'pass';
  }

  /**
   * Sends a subscribe message through the app the member's openid belongs to (`app`, null: the
   * default app); false when the member has not (or no longer) allowed it.
   */
  async sendSubscribeMessage(message: SubscribeMessage, app: string | null = null): Promise<boolean> {
    try {
      await this.withToken(app, (token) =>
        this.http.postJson(
          'subscribeMessage.send',
          '/cgi-bin/message/subscribe/send',
          { access_token: token },
          {
            touser: message.toOpenid,
            template_id: message.templateId,
            page: message.page,
            data: message.data,
            miniprogram_state: this.settings.isProduction ? 'formal' : 'developer',
          },
        ),
      );
      return true;
    } catch (error) {
      if (error instanceof WechatApiError && error.isSubscriptionRefused) return false;
      throw error;
    }
  }

  /** Runs a call with the cached token; if WeChat says the token died, refreshes once and retries. */
  private async withToken<T>(app: string | null, call: (token: string) => Promise<T>): Promise<T> {
    const { appId } = this.http.credentialsFor(app);
    const token = await this.getAccessToken(appId);
    try {
      return await call(token);
    } catch (error) {
      if (!(error instanceof WechatApiError && error.isTokenInvalid)) throw error;
      if (this.tokens.get(appId)?.value === token) this.tokens.delete(appId);
      return call(await this.getAccessToken(appId));
    }
  }

  private async fetchToken(app: string): Promise<string> {
    const { appId, secret } = this.http.credentialsFor(app);
    const res = await this.http.postJson<{ access_token: string; expires_in: number }>(
      'stable_token',
      '/cgi-bin/stable_token',
      {},
      { grant_type: 'client_credential', appid: appId, secret, force_refresh: false },
    );
    const lifetimeMs = Math.max(0, res.expires_in * 1000 - TOKEN_MARGIN_MS);
    this.tokens.set(appId, { value: res.access_token, expiresAt: this.clock.nowMs() + lifetimeMs });
    return res.access_token;
  }
}
