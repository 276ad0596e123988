import { Injectable } from '@nestjs/common';
import { ErrorCode } from '@quanzi/contract';
import { DomainError } from '../common/domain-error';

/** One held ticket to be paid. */
export interface PaymentOrder {
  registrationId: string;
  userId: string;
  amountFen: number;
  description: string;
  /** The seat is released at this time if unpaid. */
  expiresAt: Date;
}

/** `paid`: settled at once (the registration is confirmed now); `pending`: the client pays with `clientParams`. */
export type PaymentStart = { status: 'paid' } | { status: 'pending'; clientParams: Record<string, unknown> };

/**
 * The payment step of a priced ticket. The payments module (WeChat Pay) implements it under
 * PAYMENT_GATEWAY and, when its notification arrives, calls RegistrationsService.confirmPaid().
 */
export interface PaymentGateway {
  start(order: PaymentOrder): Promise<PaymentStart>;
}
export const PAYMENT_GATEWAY = Symbol('PaymentGateway');

/** Until the payments module exists priced tickets can be held but not paid. */
@Injectable()
export class NoPaymentGateway implements PaymentGateway {
  async start(): Promise<PaymentStart> {
    throw new DomainError(ErrorCode.CLOSED, '在线支付尚未开通');
  }
}
