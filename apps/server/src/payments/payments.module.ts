import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { EventsModule } from '../events/events.module';
import { JobsModule } from '../jobs/jobs.module';
import { UsersModule } from '../users/users.module';
import { CircleOrdersController } from './circle-orders.controller';
import { CircleOrdersService } from './circle-orders.service';
import { DevPaymentProvider } from './dev-provider';
import { Order, OrderSchema } from './orders.schema';
import { OrdersService } from './orders.service';
import { PAYMENT_PROVIDER } from './payment-provider';
import { PaymentsController } from './payments.controller';
import { PaymentsService } from './payments.service';
import { PaymentsSweeper } from './payments-sweeper.service';

/**
 * Orders and money: implements the events module's payment gateway (PaymentGatewaySlot) with the
 * provider PAYMENT_GATEWAY selects (today: `dev`; WeChat Pay v3 is issue 15's next step),
 * confirms paid tickets through RegistrationsService.confirmPaid, refunds, and the sweeps.
 */
@Module({
  imports: [
    MongooseModule.forFeature([{ name: Order.name, schema: OrderSchema }]),
    EventsModule,
    UsersModule,
    JobsModule,
  ],
  controllers: [PaymentsController, CircleOrdersController],
  providers: [
    OrdersService,
    CircleOrdersService,
    PaymentsService,
    PaymentsSweeper,
    DevPaymentProvider,
    { provide: PAYMENT_PROVIDER, useExisting: DevPaymentProvider },
  ],
  exports: [OrdersService, PaymentsSweeper],
})
export class PaymentsModule {}
