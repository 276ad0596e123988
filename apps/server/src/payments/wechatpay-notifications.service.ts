import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../common/clock';
import { Settings } from '../config/settings';
import type { WechatpaySettings } from '../config/wechatpay-settings';
import { OrdersService } from './orders.service';
import { decryptResource, verifyNotification, type NotificationResource, type SignedHeaders } from './wechatpay-crypto';

/** What WeChat Pay expects back: 204 when handled, else 4xx/5xx with `{code: "FAIL"}` (it then retries). */
export interface NotifyAnswer {
  status: number;
  body?: { code: 'FAIL'; message: string };
}

interface Transaction {
  mchid?: string;
  appid?: string;
  out_trade_no?: string;
  transaction_id?: string;
  trade_state?: string;
  amount?: { total?: number; currency?: string };
}

interface RefundResult {
  mchid?: string;
  out_trade_no?: string;
  out_refund_no?: string;
  refund_status?: string;
}

const OK: NotifyAnswer = { status: 204 };
const fail = (status: number, message: string): NotifyAnswer => ({ status, body: { code: 'FAIL', message } });

/**
 * WeChat Pay's notifications (public routes, so anyone can post here — WeChat even sends probes
 * with bad signatures): verified over the raw body with the 微信支付公钥 before anything is read,
 * resource decrypted with the APIv3 key, merchant/app/amount checked against the order, then the
 * existing idempotent transitions (markPaid, settleRefund) do the rest.
 */
@Injectable()
export class WechatpayNotifications {
  private readonly logger = new Logger(WechatpayNotifications.name);

  constructor(
    private readonly orders: OrdersService,
    private readonly settings: Settings,
    private readonly clock: Clock,
  ) {}

  async payment(headers: SignedHeaders, rawBody: string): Promise<NotifyAnswer> {
    const opened = this.open<Transaction>(headers, rawBody);
    if ('answer' in opened) return opened.answer;
    const { cfg, data: tx } = opened;
    if (tx.mchid !== cfg.mchid || tx.appid !== cfg.appId) return this.refuse('merchant or app mismatch', tx);
    // Only a successful payment changes anything; other states are acknowledged.
    if (tx.trade_state !== 'SUCCESS') return OK;
    const order = tx.out_trade_no ? await this.orders.findByOutTradeNo(tx.out_trade_no) : null;
    if (!order || order.provider !== 'wechat') return this.refuse('unknown order', tx, 404);
    if (tx.amount?.total !== order.amountFen || (tx.amount.currency ?? 'CNY') !== 'CNY')
      return this.refuse(`amount ${tx.amount?.total} ≠ order's ${order.amountFen}`, tx);
    await this.orders.markPaid(order._id, {
      cause: 'notification',
      transactionId: tx.transaction_id ?? null,
      amountFen: tx.amount.total,
    });
    return OK;
  }

  async refund(headers: SignedHeaders, rawBody: string): Promise<NotifyAnswer> {
    const opened = this.open<RefundResult>(headers, rawBody);
    if ('answer' in opened) return opened.answer;
    const { cfg, data: r } = opened;
    if (r.mchid !== cfg.mchid) return this.refuse('merchant mismatch', r);
    const order = r.out_refund_no ? await this.orders.findByOutRefundNo(r.out_refund_no) : null;
    if (!order || order.outTradeNo !== r.out_trade_no) return this.refuse('unknown refund', r, 404);
    // SUCCESS settles it; CLOSED/ABNORMAL puts the money back on the order (an admin may try again).
    const result = r.refund_status === 'SUCCESS' ? 'success' : 'failed';
    await this.orders.settleRefund(order._id, r.out_refund_no!, result, `notification_${r.refund_status}`);
    return OK;
  }

  /** Verifies and decrypts, or says how to refuse (nothing read from an unverified body). */
  private open<T>(
    headers: SignedHeaders,
    rawBody: string,
  ): { cfg: WechatpaySettings; data: T } | { answer: NotifyAnswer } {
    const cfg = this.settings.payments.wechatpay;
    if (!cfg) return { answer: fail(404, '未开启微信支付') };
    const failure = verifyNotification(cfg, headers, rawBody, this.clock.nowMs());
    if (failure) {
      this.logger.warn(`WeChat Pay notification refused: ${failure}`);
      return { answer: fail(401, '签名验证失败') };
    }
    try {
      const body = JSON.parse(rawBody) as { resource?: NotificationResource };
      if (!body.resource) throw new Error('no resource');
      return { cfg, data: decryptResource<T>(cfg.apiV3Key, body.resource) };
    } catch (error) {
      this.logger.warn(`WeChat Pay notification unreadable: ${(error as Error).message}`);
      return { answer: fail(400, '报文解析失败') };
    }
  }

  private refuse(why: string, data: { out_trade_no?: string }, status = 400): NotifyAnswer {
    this.logger.error(`WeChat Pay notification for ${data.out_trade_no ?? '?'} refused: ${why}`);
    return fail(status, '通知内容与订单不符');
  }
}
