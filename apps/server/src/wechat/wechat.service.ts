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
 * The WeChat server APIs Quanzi uses. The access token is cached here, once per process,
 * because WeChat rate-limits token issue; `stable_token` is used so that several processes
 * sharing one appid do not invalidate each other's tokens.
 */
@Injectable()
export class WechatService {
  private readonly logger = new Logger(WechatService.name);
  private token: { value: string; expiresAt: number } | null = null;
  private tokenRequest: Promise<string> | null = null;
  private warnedUnchecked = false;

  constructor(
    private readonly http: WechatHttpClient,
    private readonly settings: Settings,
    private readonly clock: Clock,
  ) {}

  /** Exchanges a `wx.login` code for the member's openid. The session_key stays here. */
  async code2Session(code: string): Promise<WechatSession> {
    const { appId, secret } = this.http.credentials;
    const res = await this.http.getJson<{ openid: string; unionid?: string; session_key?: string }>(
      'code2Session',
      '/sns/jscode2session',
      { appid: appId, secret, js_code: code, grant_type: 'authorization_code' },
    );
    return { openid: res.openid, unionid: res.unionid ?? null };
  }

  async getAccessToken(): Promise<string> {
    if (this.token && this.clock.nowMs() < this.token.expiresAt) return this.token.value;
    // Single flight: concurrent callers share one token request.
    this.tokenRequest ??= this.fetchToken().finally(() => (this.tokenRequest = null));
    return this.tokenRequest;
  }

  /** Mini-program code image for a poster; `scene` is at most 32 visible characters. */
  async getUnlimitedQrCode(scene: string, page?: string, width = 430): Promise<Buffer> {
    return this.withToken((token) =>
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
    const res = await this.withToken((token) =>
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

  /** Sends a subscribe message; false when the member has not (or no longer) allowed it. */
  async sendSubscribeMessage(message: SubscribeMessage): Promise<boolean> {
    try {
      await this.withToken((token) =>
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
  private async withToken<T>(call: (token: string) => Promise<T>): Promise<T> {
    const token = await this.getAccessToken();
    try {
      return await call(token);
    } catch (error) {
      if (!(error instanceof WechatApiError && error.isTokenInvalid)) throw error;
      if (this.token?.value === token) this.token = null;
      return call(await this.getAccessToken());
    }
  }

  private async fetchToken(): Promise<string> {
    const { appId, secret } = this.http.credentials;
    const res = await this.http.postJson<{ access_token: string; expires_in: number }>(
      'stable_token',
      '/cgi-bin/stable_token',
      {},
      { grant_type: 'client_credential', appid: appId, secret, force_refresh: false },
    );
    const lifetimeMs = Math.max(0, res.expires_in * 1000 - TOKEN_MARGIN_MS);
    this.token = { value: res.access_token, expiresAt: this.clock.nowMs() + lifetimeMs };
    return res.access_token;
  }
}
