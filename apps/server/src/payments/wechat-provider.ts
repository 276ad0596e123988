import { Logger } from '@nestjs/common';
import { ErrorCode } from '@quanzi/contract';
import { Wechatpay } from 'wechatpay-axios-plugin';
import type { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import type { WechatpaySettings } from '../config/wechatpay-settings';
import type { UsersService } from '../users/users.service';
import type { OrderRecord, OrderRefund } from './orders.schema';
import type { PaymentProviderClient, ProviderTrade } from './payment-provider';
import { requestPaymentParams, rfc3339China } from './wechatpay-crypto';

interface AxiosLikeError {
  response?: { status?: number; data?: { code?: string; message?: string } };
  message?: string;
}

/**
 * WeChat Pay v3 (JSAPI, mini-program) through `wechatpay-axios-plugin`: it signs every request
 * with the merchant key (WECHATPAY2-SHA256-RSA2048) and verifies every answer with the
 * 微信支付公钥 (`certs` keyed by its PUB_KEY_ID_… serial). Built by PaymentsModule when
 * PAYMENT_GATEWAY=wechat.
 */
export class WechatPaymentProvider implements PaymentProviderClient {
  readonly name = 'wechat' as const;
  private readonly logger = new Logger(WechatPaymentProvider.name);
  private readonly api: Wechatpay;

  constructor(
    private readonly cfg: WechatpaySettings,
    private readonly users: UsersService,
    private readonly clock: Clock,
  ) {
    this.api = new Wechatpay({
      mchid: cfg.mchid,
      serial: cfg.serial,
      privateKey: cfg.privateKey,
      certs: { [cfg.publicKeyId]: cfg.publicKey },
      baseURL: cfg.baseUrl,
      timeout: 10_000,
    });
  }

  /** JSAPI prepay (idempotent for one out_trade_no), then the signed `wx.requestPayment` parameters. */
  async prepay(order: OrderRecord): Promise<Record<string, unknown>> {
    const openid = await this.users.openidOf(order.userId.toHexString());
    const { data } = await this.call('prepay', () =>
      this.api.v3.pay.transactions.jsapi.post({
        appid: this.cfg.appId,
        mchid: this.cfg.mchid,
        description: order.description,
        out_trade_no: order.outTradeNo,
        time_expire: rfc3339China(order.expiresAt),
        notify_url: this.cfg.notifyUrl,
        amount: { total: order.amountFen, currency: 'CNY' },
        payer: { openid },
      }),
    );
    const prepayId = (data as { prepay_id?: string }).prepay_id;
    if (!prepayId) throw new DomainError(ErrorCode.UPSTREAM_FAILED, '微信支付下单失败');
    return requestPaymentParams(this.cfg, prepayId, this.clock.nowMs());
  }

  async query(order: OrderRecord): Promise<ProviderTrade> {
    const { data } = await this.call(
      'query',
      () =>
        this.api.v3.pay.transactions['out-trade-no']['{out_trade_no}'].get({
          params: { mchid: this.cfg.mchid },
          out_trade_no: order.outTradeNo,
        }),
      // Never reached WeChat Pay (the prepay failed): it cannot be paid.
      { ORDER_NOT_EXIST: { data: { trade_state: 'CLOSED' } } },
    );
    const t = data as { trade_state?: string; transaction_id?: string; amount?: { total?: number } };
    // REFUND also means it was paid (a refund can only follow a payment).
    if (t.trade_state === 'SUCCESS' || t.trade_state === 'REFUND')
      return { state: 'paid', transactionId: t.transaction_id ?? null, amountFen: t.amount?.total };
    if (t.trade_state === 'CLOSED' || t.trade_state === 'REVOKED' || t.trade_state === 'PAYERROR')
      return { state: 'closed' };
    return { state: 'open' };
  }

  async close(order: OrderRecord): Promise<void> {
    await this.call('close', () =>
      this.api.v3.pay.transactions['out-trade-no']['{out_trade_no}'].close.post(
        { mchid: this.cfg.mchid },
        { out_trade_no: order.outTradeNo },
      ),
    );
  }

  /** `/v3/refund/domestic/refunds` under the refund's stable out_refund_no (a resend is the same refund). */
  async refund(order: OrderRecord, refund: OrderRefund): Promise<'success' | 'processing' | 'refused'> {
    // Refusals no resend can change (bad request, refund period over, payer's account closed);
    // others (SYSTEM_ERROR, FREQUENCY_LIMITED, NOT_ENOUGH balance…) stay pending for the sweep.
    const refused = { data: { status: 'REFUSED' } };
    const { data } = await this.call(
      'refund',
      () =>
        this.api.v3.refund.domestic.refunds.post({
          out_trade_no: order.outTradeNo,
          out_refund_no: refund.outRefundNo,
          reason: refund.reason.slice(0, 80),
          notify_url: this.cfg.refundNotifyUrl,
          amount: { refund: refund.amountFen, total: order.amountFen, currency: 'CNY' },
        }),
      { PARAM_ERROR: refused, INVALID_REQUEST: refused, USER_ACCOUNT_ABNORMAL: refused },
    );
    const status = (data as { status?: string }).status;
    return status === 'SUCCESS' ? 'success' : status === 'REFUSED' ? 'refused' : 'processing';
  }

  /** Runs a call; a business error code listed in `answers` stands for that answer instead of failing. */
  private async call<T>(what: string, fn: () => PromiseLike<T>, answers: Record<string, unknown> = {}): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      const e = error as AxiosLikeError;
      const code = e.response?.data?.code;
      if (code && code in answers) return answers[code] as T;
      const detail = e.response?.data?.code ?? e.message ?? String(error);
      this.logger.warn(`WeChat Pay ${what} failed: ${e.response?.status ?? '-'} ${detail}`);
      throw new DomainError(ErrorCode.UPSTREAM_FAILED, '微信支付暂时不可用，请稍后重试');
    }
  }
}
