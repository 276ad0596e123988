import { randomBytes } from 'node:crypto';
import { Aes, Formatter, Rsa } from 'wechatpay-axios-plugin';
import type { WechatpaySettings } from '../config/wechatpay-settings';

/** WeChat Pay refuses (and so do we) a signed message more than five minutes from now. */
export const MAX_CLOCK_SKEW_SECONDS = 300;

export interface SignedHeaders {
  timestamp?: string;
  nonce?: string;
  signature?: string;
  serial?: string;
}

export type VerifyFailure = 'headers_missing' | 'unknown_serial' | 'stale' | 'bad_signature';

/** The `wx.requestPayment` parameters for a prepay id, signed with the merchant key (signType RSA). */
export function requestPaymentParams(
  cfg: Pick<WechatpaySettings, 'appId' | 'privateKey'>,
  prepayId: string,
  nowMs: number,
): Record<string, string> {
  const timeStamp = String(Math.floor(nowMs / 1000));
  const nonceStr = randomBytes(16).toString('hex');
  const pkg = `prepay_id=${prepayId}`;
  const paySign = Rsa.sign(Formatter.joinedByLineFeed(cfg.appId, timeStamp, nonceStr, pkg), cfg.privateKey);
  return { appId: cfg.appId, timeStamp, nonceStr, package: pkg, signType: 'RSA', paySign };
}

/**
 * Checks a notification's `Wechatpay-*` headers over the raw body: the serial must be our
 * 微信支付公钥 id, the timestamp recent, the signature the platform key's over
 * `timestamp\nnonce\nbody\n`. Null when it holds.
 */
export function verifyNotification(
  cfg: Pick<WechatpaySettings, 'publicKey' | 'publicKeyId'>,
  h: SignedHeaders,
  rawBody: string,
  nowMs: number,
): VerifyFailure | null {
  if (!h.timestamp || !h.nonce || !h.signature || !h.serial) return 'headers_missing';
  if (h.serial !== cfg.publicKeyId) return 'unknown_serial';
  const ts = Number(h.timestamp);
  if (!Number.isFinite(ts) || Math.abs(nowMs / 1000 - ts) > MAX_CLOCK_SKEW_SECONDS) return 'stale';
  let ok = false;
  try {
    ok = Rsa.verify(Formatter.response(h.timestamp, h.nonce, rawBody), h.signature, cfg.publicKey);
  } catch {
    ok = false;
  }
  return ok ? null : 'bad_signature';
}

export interface NotificationResource {
  algorithm: string;
  ciphertext: string;
  associated_data?: string;
  nonce: string;
}

/** Decrypts a notification's AEAD_AES_256_GCM resource with the APIv3 key (throws when it does not authenticate). */
export function decryptResource<T>(apiV3Key: string, resource: NotificationResource): T {
  if (resource.algorithm !== 'AEAD_AES_256_GCM') throw new Error(`unsupported algorithm ${resource.algorithm}`);
  return JSON.parse(
    Aes.AesGcm.decrypt(resource.ciphertext, apiV3Key, resource.nonce, resource.associated_data ?? ''),
  ) as T;
}

/** `time_expire` in RFC 3339 with China's offset, as WeChat Pay writes it. */
export function rfc3339China(at: Date): string {
  const local = new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 19);
  return `${local}+08:00`;
}
