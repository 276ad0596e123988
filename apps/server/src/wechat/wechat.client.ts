import { Injectable } from '@nestjs/common';
import { ErrorCode } from '@quanzi/contract';
import { DomainError } from '../common/domain-error';
import { Settings } from '../config/settings';
import { WechatApiError, WechatUnavailableError } from './wechat.errors';

const TIMEOUT_MS = 8000;

interface WechatErrorFields {
  errcode?: number;
  errmsg?: string;
}

/** Thin HTTP layer over api.weixin.qq.com (or WECHAT_API_BASE): JSON in, typed errors out. */
@Injectable()
export class WechatHttpClient {
  constructor(private readonly settings: Settings) {}

  get credentials(): { appId: string; secret: string } {
    return this.credentialsFor();
  }

  /**
   * One mini-program's credentials: the default app (WECHAT_APPID) without an appid, else one
   * of WECHAT_APPS. An appid this server does not serve is the caller's mistake (400).
   */
  credentialsFor(appId?: string | null): { appId: string; secret: string } {
    if (appId && appId !== this.settings.wechat.appId) {
      const app = this.settings.wechat.apps.find((a) => a.appId === appId);
      if (!app) throw new DomainError(ErrorCode.VALIDATION_FAILED, `不支持的小程序 appid：${appId}`);
      return app;
    }
    const { appId: id, secret } = this.settings.wechat;
    if (!id || !secret) throw new WechatUnavailableError('credentials', 'WECHAT_APPID/WECHAT_SECRET not set', true);
    return { appId: id, secret };
  }

  async getJson<T>(api: string, path: string, query: Record<string, string>): Promise<T> {
    const res = await this.send(api, `${path}?${new URLSearchParams(query)}`, { method: 'GET' });
    return this.parseJson<T>(api, res);
  }

  async postJson<T>(api: string, path: string, query: Record<string, string>, body: unknown): Promise<T> {
    const res = await this.send(api, this.withQuery(path, query), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return this.parseJson<T>(api, res);
  }

  /** For endpoints that answer an image on success and a JSON error otherwise. */
  async postForBinary(api: string, path: string, query: Record<string, string>, body: unknown): Promise<Buffer> {
    const res = await this.send(api, this.withQuery(path, query), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const type = res.headers.get('content-type') ?? '';
    if (type.includes('json') || type.startsWith('text/')) {
      await this.parseJson<unknown>(api, res); // throws the typed error
      throw new WechatUnavailableError(api, 'expected an image');
    }
    return Buffer.from(await res.arrayBuffer());
  }

  private withQuery(path: string, query: Record<string, string>): string {
    const qs = new URLSearchParams(query).toString();
    return qs ? `${path}?${qs}` : path;
  }

  private async send(api: string, pathAndQuery: string, init: RequestInit): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(`${this.settings.wechat.apiBase}${pathAndQuery}`, {
        ...init,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      throw new WechatUnavailableError(api, error instanceof Error ? error.message : String(error));
    }
    if (!res.ok) throw new WechatUnavailableError(api, `HTTP ${res.status}`);
    return res;
  }

  private async parseJson<T>(api: string, res: Response): Promise<T> {
    let data: T & WechatErrorFields;
    try {
      data = (await res.json()) as T & WechatErrorFields;
    } catch {
      throw new WechatUnavailableError(api, 'unreadable response');
    }
    if (typeof data.errcode === 'number' && data.errcode !== 0) {
      throw new WechatApiError(api, data.errcode, data.errmsg ?? '');
    }
    return data;
  }
}
