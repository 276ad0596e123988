import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { UsersModule } from '../users/users.module';
import { SubscriptionsController } from './subscriptions.controller';
import { SubscribeCredit, SubscribeCreditSchema } from './subscriptions.schema';
import { SubscriptionsService } from './subscriptions.service';

/** WeChat subscribe messages: members' send credits and the sends themselves. */
@Module({
  imports: [MongooseModule.forFeature([{ name: SubscribeCredit.name, schema: SubscribeCreditSchema }]), UsersModule],
  controllers: [SubscriptionsController],
  providers: [SubscriptionsService],
  exports: [SubscriptionsService],
})
export class SubscriptionsModule {}
