import { createPrivateKey, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * WeChat Pay v3 merchant configuration (微信支付公钥 mode), parsed from the environment by
 * loadSettings. Kept apart from settings.ts: seven variables, two of which may name files.
 */
export interface WechatpaySettings {
  mchid: string;
  /** The mini-program's appid (WECHAT_APPID): the payer's openid belongs to it. */
  appId: string;
  /** Serial number of the merchant API certificate (signs our requests). */
  serial: string;
  /** Merchant API private key, PEM. */
  privateKey: string;
  /** 32-byte APIv3 key: decrypts notification resources. */
  apiV3Key: string;
  /** 微信支付公钥, PEM, and its id (`PUB_KEY_ID_…`): verifies responses and notifications. */
  publicKey: string;
  publicKeyId: string;
  baseUrl: string;
  notifyUrl: string;
  refundNotifyUrl: string;
}

export const WECHATPAY_DEFAULT_BASE_URL = 'https://api.mch.weixin.qq.com';

/** A PEM given inline (`\n` escapes allowed, as env files carry them) or through its `_FILE` variable. */
function pem(env: Record<string, string | undefined>, name: string, problems: string[]): string | null {
  const file = env[`${name}_FILE`];
  if (file) {
    try {
      return readFileSync(file, 'utf8');
    } catch (error) {
      problems.push(`${name}_FILE cannot be read: ${(error as Error).message}`);
      return null;
    }
  }
  const inline = env[name];
  return inline ? inline.replace(/\\n/g, '\n') : null;
}

/**
 * The merchant configuration when PAYMENT_GATEWAY=wechat (null otherwise); every missing or
 * malformed piece is added to `problems`, so a misconfigured server refuses to boot instead of
 * refusing payers.
 */
export function parseWechatpaySettings(
  env: Record<string, string | undefined>,
  appId: string | undefined,
  publicBaseUrl: string,
  problems: string[],
): WechatpaySettings | null {
  const before = problems.length;
  const need = (name: string) => {
    const v = env[name]?.trim();
    if (!v) problems.push(`${name} is required when PAYMENT_GATEWAY=wechat`);
    return v ?? '';
  };
  if (!appId) problems.push('WECHAT_APPID is required when PAYMENT_GATEWAY=wechat (the payer openid belongs to it)');
  const mchid = need('WECHATPAY_MCHID');
  const serial = need('WECHATPAY_SERIAL');
  const apiV3Key = need('WECHATPAY_APIV3_KEY');
  if (apiV3Key && Buffer.byteLength(apiV3Key, 'utf8') !== 32) problems.push('WECHATPAY_APIV3_KEY must be 32 bytes');
  const publicKeyId = need('WECHATPAY_PUBLIC_KEY_ID');
  if (publicKeyId && !publicKeyId.startsWith('PUB_KEY_ID_'))
    problems.push('WECHATPAY_PUBLIC_KEY_ID must be the 微信支付公钥 id (PUB_KEY_ID_…)');
  const privateKey = pem(env, 'WECHATPAY_PRIVATE_KEY', problems);
  if (!privateKey) problems.push('WECHATPAY_PRIVATE_KEY or WECHATPAY_PRIVATE_KEY_FILE is required');
  else
    try {
      createPrivateKey(privateKey);
    } catch {
      problems.push('WECHATPAY_PRIVATE_KEY is not a PEM private key');
    }
  const publicKey = pem(env, 'WECHATPAY_PUBLIC_KEY', problems);
  if (!publicKey) problems.push('WECHATPAY_PUBLIC_KEY or WECHATPAY_PUBLIC_KEY_FILE is required');
  else
    try {
      createPublicKey(publicKey);
    } catch {
      problems.push('WECHATPAY_PUBLIC_KEY is not a PEM public key');
    }
  const baseUrl = (env.WECHATPAY_BASE_URL?.trim() || WECHATPAY_DEFAULT_BASE_URL).replace(/\/+$/, '');
  if (!/^https?:\/\/[^\s/]+$/.test(baseUrl)) problems.push('WECHATPAY_BASE_URL must be an http(s) origin');
  // WeChat only calls back public https addresses; the notify URL is derived from PUBLIC_BASE_URL.
  if (problems.length > before || !appId || !privateKey || !publicKey) return null;
  return {
    mchid,
    appId,
    serial,
    privateKey,
    apiV3Key,
    publicKey,
    publicKeyId,
    baseUrl,
    notifyUrl: `${publicBaseUrl}/api/payments/wechat/notify`,
    refundNotifyUrl: `${publicBaseUrl}/api/payments/wechat/refund-notify`,
  };
}
