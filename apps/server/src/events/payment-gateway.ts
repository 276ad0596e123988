import { Injectable } from '@nestjs/common';
import { ErrorCode, type PaymentProvider } from '@quanzi/contract';
import { DomainError } from '../common/domain-error';

/** One held ticket to be paid. */
export interface PaymentOrder {
  registrationId: string;
  userId: string;
  circleId: string;
  eventId: string;
  ticketTypeId: string;
  amountFen: number;
  description: string;
  /** The seat is released at this time if unpaid. */
  expiresAt: Date;
}

/** `paid`: settled at once (the registration is confirmed now); `pending`: the client pays with `clientParams`. */
export type PaymentStart =
  | { status: 'paid' }
  | { status: 'pending'; clientParams: Record<string, unknown>; orderId?: string; provider?: PaymentProvider };

/**
 * The payment step of a priced ticket. The payments module (WeChat Pay) implements it under
 * PAYMENT_GATEWAY and, when its notification arrives, calls RegistrationsService.confirmPaid().
 */
export interface PaymentGateway {
  start(order: PaymentOrder): Promise<PaymentStart>;
}
export const PAYMENT_GATEWAY = Symbol('PaymentGateway');

/** Without a configured gateway priced tickets can be held but not paid. */
@Injectable()
export class NoPaymentGateway implements PaymentGateway {
  async start(): Promise<PaymentStart> {
    throw new DomainError(ErrorCode.CLOSED, '在线支付尚未开通');
  }
}

/**
 * What PAYMENT_GATEWAY resolves to: the payments module imports this one, so it plugs its
 * gateway in here (`provide`, in its onModuleInit) instead of the events module importing it.
 */
@Injectable()
export class PaymentGatewaySlot implements PaymentGateway {
  private gateway: PaymentGateway = new NoPaymentGateway();

  provide(gateway: PaymentGateway): void {
    this.gateway = gateway;
  }

  start(order: PaymentOrder): Promise<PaymentStart> {
    return this.gateway.start(order);
  }
}
