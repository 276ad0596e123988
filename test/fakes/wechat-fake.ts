/**
 * A fake of the WeChat server APIs Quanzi calls, for integration and end-to-end tests.
 * Plain Node http (plus `qrcode` for the code images), 127.0.0.1 on a free port.
 *
 * - GET  /sns/jscode2session        js_code `code-<openid>` → that openid; anything else → 40029
 * - GET  /cgi-bin/token, POST /cgi-bin/stable_token → an access token (checked by the calls below)
 * - POST /wxa/getwxacodeunlimit     → a real QR code PNG encoding `<page>?scene=<scene>` (tests decode it)
 * - POST /wxa/media_check_async     → a trace id, recorded in `mediaChecks`; `mediaCheckResult` builds the verdict push
 * - POST /wxa/msg_sec_check         text with a risky word → suggest 'risky', a review word → 'review'
 * - POST /cgi-bin/message/subscribe/send → recorded in `sentMessages`; touser listed in
 *   `refusingOpenids` → 43101 (no subscription); with `enforceCredits`, a send takes one of the
 *   credits `grantSubscription` gave (openid + template) and answers 43101 without one; while
 *   `failSends` > 0 → HTTP 503 (a transient outage, counts down by one per send)
 */
import { createHash } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as QRCode from 'qrcode';

export interface FakeWechatOptions {
  appId?: string;
  secret?: string;
  /** Text containing one of these gets suggest 'risky'. Default: ['违禁词']. */
  riskyWords?: string[];
  /** Text containing one of these gets suggest 'review'. Default: ['待审核']. */
  reviewWords?: string[];
  /** Token lifetime reported to the server, seconds. Default 7200. */
  tokenTtlSeconds?: number;
  /** More mini-programs (brands) it accepts credentials of, beside appId/secret. */
  brandApps?: { appId: string; secret: string }[];
}

export interface FakeWechatCall {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
}

export interface FakeSubscribeMessage {
  touser: string;
  template_id: string;
  page?: string;
  data: Record<string, { value: string }>;
  miniprogram_state?: string;
}

export interface FakeWechat {
  baseUrl: string;
  appId: string;
  secret: string;
  /** Every request received, oldest first. */
  calls: FakeWechatCall[];
  sentMessages: FakeSubscribeMessage[];
  /** Sec-check requests received: content and openid. */
  checkedTexts: { content: string; openid: string; scene: number }[];
  /** The appid an access token was issued to (null: not issued here). */
  appOfToken(token: string): string | null;
  /** How many access tokens were issued (the server should cache them). */
  tokensIssued(): number;
  /** Revokes every issued token: the next API call answers 40001, as WeChat does. */
  revokeTokens(): void;
  riskyWords: string[];
  reviewWords: string[];
  refusingOpenids: Set<string>;
  /** Subscribe sends still to fail with HTTP 503 (retries must follow). */
  failSends: number;
  /** Answer 43101 unless the member has a credit for the template (as WeChat does). */
  enforceCredits: boolean;
  /** The member accepted the template in `wx.requestSubscribeMessage` `times` times. */
  grantSubscription(openid: string, templateId: string, times?: number): void;
  /** Credits left per `openid template`. */
  subscriptionCredits: Map<string, number>;
  /** Images submitted to security.mediaCheckAsync, oldest first, with the trace id answered. */
  mediaChecks: { traceId: string; mediaUrl: string; openid: string; scene: number }[];
  /**
   * The message WeChat pushes when a media check finishes (JSON, plaintext mode), signed with
   * `token` as WECHAT_CALLBACK_TOKEN: the query and body to POST to the server's callback.
   */
  mediaCheckResult(
    traceId: string,
    suggest: 'pass' | 'review' | 'risky',
    token: string,
  ): { query: Record<string, string>; body: Record<string, unknown> };
  /** Sends that message to `callbackUrl` as WeChat would; resolves with the status and body text. */
  sendMediaCheckResult(
    callbackUrl: string,
    traceId: string,
    suggest: 'pass' | 'review' | 'risky',
    token: string,
  ): Promise<{ status: number; text: string }>;
  /** Forgets recorded calls and messages (not tokens). */
  reset(): void;
  stop(): Promise<void>;
}

/** 1×1 transparent PNG: enough for a poster pipeline to decode. */
export const FAKE_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

export async function startFakeWechat(options: FakeWechatOptions = {}): Promise<FakeWechat> {
  const appId = options.appId ?? 'wx-fake-appid';
  const secret = options.secret ?? 'fake-secret';
  const ttl = options.tokenTtlSeconds ?? 7200;
  const validTokens = new Set<string>();
  const apps = new Map([[appId, secret], ...(options.brandApps ?? []).map((a) => [a.appId, a.secret] as const)]);
  const tokenApps = new Map<string, string>();
  let issued = 0;

  const fake: Omit<FakeWechat, 'baseUrl' | 'stop'> = {
    appId,
    secret,
    calls: [],
    sentMessages: [],
    checkedTexts: [],
    tokensIssued: () => issued,
    appOfToken: (token) => tokenApps.get(token) ?? null,
    revokeTokens: () => validTokens.clear(),
    riskyWords: options.riskyWords ?? ['违禁词'],
    reviewWords: options.reviewWords ?? ['待审核'],
    refusingOpenids: new Set<string>(),
    mediaChecks: [] as FakeWechat['mediaChecks'],
    mediaCheckResult(traceId: string, suggest: 'pass' | 'review' | 'risky', token: string) {
      const timestamp = String(Math.floor(Date.now() / 1000));
      const nonce = Math.random().toString(36).slice(2, 12);
      const signature = createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex');
      const body = {
        ToUserName: 'gh_fake',
        FromUserName: 'fake-openid',
        CreateTime: Number(timestamp),
        MsgType: 'event',
        Event: 'wxa_media_check',
        appid: appId,
        trace_id: traceId,
        version: 2,
        detail: [{ strategy: 'content_model', errcode: 0, suggest, label: suggest === 'pass' ? 100 : 20002 }],
        errcode: 0,
        errmsg: 'ok',
        result: { suggest, label: suggest === 'pass' ? 100 : 20002 },
      };
      return { query: { signature, timestamp, nonce }, body };
    },
    async sendMediaCheckResult(
      callbackUrl: string,
      traceId: string,
      suggest: 'pass' | 'review' | 'risky',
      token: string,
    ) {
      const { query, body } = fake.mediaCheckResult(traceId, suggest, token);
      const res = await fetch(`${callbackUrl}?${new URLSearchParams(query)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: res.status, text: await res.text() };
    },
    failSends: 0,
    enforceCredits: false,
    subscriptionCredits: new Map<string, number>(),
    grantSubscription(openid: string, templateId: string, times = 1) {
      const key = `${openid} ${templateId}`;
      fake.subscriptionCredits.set(key, (fake.subscriptionCredits.get(key) ?? 0) + times);
    },
    reset() {
      fake.calls.length = 0;
      fake.sentMessages.length = 0;
      fake.checkedTexts.length = 0;
      fake.mediaChecks.length = 0;
    },
  };

  const issueToken = (reqAppId: unknown, reqSecret: unknown) => {
    if (typeof reqAppId !== 'string' || apps.get(reqAppId) !== reqSecret)
      return { errcode: 40125, errmsg: 'invalid appsecret' };
    issued += 1;
    const token = `fake-token-${issued}-${Math.random().toString(36).slice(2, 10)}`;
    validTokens.add(token);
    tokenApps.set(token, reqAppId);
    return { access_token: token, expires_in: ttl };
  };

  const route = (method: string, path: string, query: Record<string, string>, body: Record<string, unknown>) => {
    if (method === 'GET' && path === '/sns/jscode2session') {
      if (apps.get(query.appid ?? '') !== query.secret)
        return { json: { errcode: 40125, errmsg: 'invalid appsecret' } };
      const code = query.js_code ?? '';
      if (!code.startsWith('code-') || code.length <= 'code-'.length) {
        return { json: { errcode: 40029, errmsg: 'invalid code' } };
      }
      const openid = code.slice('code-'.length);
      return { json: { openid, session_key: `sk-${openid}` } };
    }
    if (method === 'GET' && path === '/cgi-bin/token') return { json: issueToken(query.appid, query.secret) };
    if (method === 'POST' && path === '/cgi-bin/stable_token') return { json: issueToken(body.appid, body.secret) };

    // Everything below needs a live access token.
    const tokenError = validTokens.has(query.access_token ?? '')
      ? null
      : { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' };
    if (method === 'POST' && path === '/wxa/getwxacodeunlimit') {
      if (tokenError) return { json: tokenError };
      const scene = String(body.scene ?? '');
      if (scene.length === 0 || scene.length > 32)
        return { json: { errcode: 40169, errmsg: 'invalid length for scene' } };
      // A real QR code standing in for the mini-program code, so a poster can be decoded.
      return { qr: `${String(body.page ?? '')}?scene=${scene}`, width: Number(body.width) || 430 };
    }
    if (method === 'POST' && path === '/wxa/media_check_async') {
      if (tokenError) return { json: tokenError };
      const traceId = `trace-${fake.mediaChecks.length + 1}-${Math.random().toString(36).slice(2, 8)}`;
      const mediaUrl = String(body.media_url ?? '');
      if (!mediaUrl || Number(body.media_type) !== 2 || Number(body.version) !== 2)
        return { json: { errcode: 47001, errmsg: 'data format error' } };
      fake.mediaChecks.push({ traceId, mediaUrl, openid: String(body.openid ?? ''), scene: Number(body.scene) });
      return { json: { errcode: 0, errmsg: 'ok', trace_id: traceId } };
    }
    if (method === 'POST' && path === '/wxa/msg_sec_check') {
      if (tokenError) return { json: tokenError };
      const content = String(body.content ?? '');
      fake.checkedTexts.push({ content, openid: String(body.openid ?? ''), scene: Number(body.scene) });
      const suggest = fake.riskyWords.some((w) => content.includes(w))
        ? 'risky'
        : fake.reviewWords.some((w) => content.includes(w))
          ? 'review'
          : 'pass';
      const label = suggest === 'pass' ? 100 : 20001;
      return {
        json: {
          errcode: 0,
          errmsg: 'ok',
          result: { suggest, label },
          detail: [{ strategy: 'content_model', errcode: 0, suggest, label }],
        },
      };
    }
    if (method === 'POST' && path === '/cgi-bin/message/subscribe/send') {
      if (tokenError) return { json: tokenError };
      if (fake.failSends > 0) {
        fake.failSends -= 1;
        return { status: 503, json: { errcode: -1, errmsg: 'fake outage' } };
      }
      const message = body as unknown as FakeSubscribeMessage;
      const creditKey = `${message.touser} ${message.template_id}`;
      const credits = fake.subscriptionCredits.get(creditKey) ?? 0;
      if (fake.refusingOpenids.has(message.touser) || (fake.enforceCredits && credits === 0))
        return { json: { errcode: 43101, errmsg: 'user refuse to accept the msg' } };
      if (fake.enforceCredits) fake.subscriptionCredits.set(creditKey, credits - 1);
      fake.sentMessages.push(message);
      return { json: { errcode: 0, errmsg: 'ok' } };
    }
    return { status: 404, json: { errcode: -1, errmsg: `fake wechat: no route ${method} ${path}` } };
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const query = Object.fromEntries(url.searchParams);
      let body: Record<string, unknown> = {};
      const raw = Buffer.concat(chunks).toString('utf8');
      if (raw) {
        try {
          body = JSON.parse(raw) as Record<string, unknown>;
        } catch {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ errcode: 47001, errmsg: 'data format error' }));
          return;
        }
      }
      const method = req.method ?? 'GET';
      fake.calls.push({ method, path: url.pathname, query, body });
      const out = route(method, url.pathname, query, body);
      if ('qr' in out && out.qr) {
        void QRCode.toBuffer(out.qr, { type: 'png', width: out.width, margin: 2 }).then((png) => {
          res.writeHead(200, { 'content-type': 'image/png', 'content-length': png.length });
          res.end(png);
        });
        return;
      }
      const json = JSON.stringify(out.json);
      res.writeHead('status' in out && out.status ? out.status : 200, { 'content-type': 'application/json' });
      res.end(json);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return Object.assign(fake, {
    baseUrl: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  });
}
