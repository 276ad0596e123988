import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { EventsModule } from '../events/events.module';
import { Clock } from '../common/clock';
import { Settings } from '../config/settings';
import { JobsModule } from '../jobs/jobs.module';
import { UsersModule } from '../users/users.module';
import { UsersService } from '../users/users.service';
import { CircleOrdersController } from './circle-orders.controller';
import { CircleOrdersService } from './circle-orders.service';
import { DevPaymentProvider } from './dev-provider';
import { OrderReconciler } from './order-reconciler.service';
import { Order, OrderSchema } from './orders.schema';
import { OrdersService } from './orders.service';
import { PAYMENT_PROVIDER } from './payment-provider';
import { PaymentsController } from './payments.controller';
import { PaymentsService } from './payments.service';
import { PaymentsSweeper } from './payments-sweeper.service';
import { WechatPaymentProvider } from './wechat-provider';
import { WechatpayNotifications } from './wechatpay-notifications.service';
import { WechatpayNotifyController } from './wechatpay-notify.controller';

/**
 * Orders and money: implements the events module's payment gateway (PaymentGatewaySlot) with the
 * provider PAYMENT_GATEWAY selects (`wechat`: WeChat Pay v3; `dev`: the simulated payer),
 * confirms paid tickets through RegistrationsService.confirmPaid, refunds, and the sweeps.
 */
@Module({
  imports: [
    MongooseModule.forFeature([{ name: Order.name, schema: OrderSchema }]),
    EventsModule,
    UsersModule,
    JobsModule,
  ],
  controllers: [PaymentsController, CircleOrdersController, WechatpayNotifyController],
  providers: [
    OrdersService,
    CircleOrdersService,
    PaymentsService,
    PaymentsSweeper,
    OrderReconciler,
    WechatpayNotifications,
    DevPaymentProvider,
    {
      provide: PAYMENT_PROVIDER,
      inject: [Settings, DevPaymentProvider, UsersService, Clock],
      useFactory: (settings: Settings, dev: DevPaymentProvider, users: UsersService, clock: Clock) =>
        settings.payments.wechatpay ? new WechatPaymentProvider(settings.payments.wechatpay, users, clock) : dev,
    },
  ],
  exports: [OrdersService, PaymentsSweeper],
})
export class PaymentsModule {}
