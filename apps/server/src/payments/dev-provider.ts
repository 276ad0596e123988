import { Injectable } from '@nestjs/common';
import { ApiRoutes, type DevCheckoutParams } from '@quanzi/contract';
import type { OrderRecord } from './orders.schema';
import type { PaymentProviderClient } from './payment-provider';

/**
 * PAYMENT_GATEWAY=dev (never in production): the payer is simulated through
 * `POST /api/payments/dev/:orderId/confirm|cancel`; refunds settle at once.
 */
@Injectable()
export class DevPaymentProvider implements PaymentProviderClient {
  readonly name = 'dev' as const;

  async prepay(order: OrderRecord): Promise<Record<string, unknown>> {
    const id = order._id.toHexString();
    const params: DevCheckoutParams = {
      orderId: id,
      amountFen: order.amountFen,
      description: order.description,
      confirmUrl: ApiRoutes.devPaymentConfirm(id),
      cancelUrl: ApiRoutes.devPaymentCancel(id),
    };
    return { ...params };
  }

  async refund(): Promise<'success'> {
    return 'success';
  }
}
