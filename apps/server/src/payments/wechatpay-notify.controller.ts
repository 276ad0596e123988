import { Controller, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/auth.decorators';
import type { SignedHeaders } from './wechatpay-crypto';
import { WechatpayNotifications, type NotifyAnswer } from './wechatpay-notifications.service';

const header = (req: FastifyRequest, name: string) => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};
const signedHeaders = (req: FastifyRequest): SignedHeaders => ({
  timestamp: header(req, 'wechatpay-timestamp'),
  nonce: header(req, 'wechatpay-nonce'),
  signature: header(req, 'wechatpay-signature'),
  serial: header(req, 'wechatpay-serial'),
});
/** The exact bytes received (captured by the JSON parser in app.factory): the signature covers them. */
const rawBody = (req: FastifyRequest) => (req as FastifyRequest & { rawBody?: string }).rawBody ?? '';

/** WeChat Pay calls these (signed, no login); answers are WeChat's format, not the house's error shape. */
@ApiExcludeController()
@Controller('payments/wechat')
export class WechatpayNotifyController {
  constructor(private readonly notifications: WechatpayNotifications) {}

  @Public()
  @Post('notify')
  async notify(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    this.answer(reply, await this.run(() => this.notifications.payment(signedHeaders(req), rawBody(req))));
  }

  @Public()
  @Post('refund-notify')
  async refundNotify(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    this.answer(reply, await this.run(() => this.notifications.refund(signedHeaders(req), rawBody(req))));
  }

  /** Anything unexpected is a 500 FAIL: WeChat Pay retries later. */
  private async run(fn: () => Promise<NotifyAnswer>): Promise<NotifyAnswer> {
    try {
      return await fn();
    } catch {
      return { status: 500, body: { code: 'FAIL', message: '处理失败，请重试' } };
    }
  }

  private answer(reply: FastifyReply, a: NotifyAnswer): void {
    if (a.body) void reply.code(a.status).send(a.body);
    else void reply.code(a.status).send();
  }
}
