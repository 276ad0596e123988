import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AnalyticsModule } from '../analytics/analytics.module';
import { CirclesModule } from '../circles/circles.module';
import { EventsModule } from '../events/events.module';
import { JobsModule } from '../jobs/jobs.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { PollsModule } from '../polls/polls.module';
import { PostsModule } from '../posts/posts.module';
import { SubscriptionsModule } from '../subscriptions/subscriptions.module';
import { UsersModule } from '../users/users.module';
import { AudienceResolver } from './audience';
import { BroadcastFanout } from './broadcast-fanout';
import { BroadcastsController } from './broadcasts.controller';
import {
  Broadcast,
  BroadcastCap,
  BroadcastCapSchema,
  BroadcastDelivery,
  BroadcastDeliverySchema,
  BroadcastSchema,
} from './broadcasts.schema';
import { BroadcastsService } from './broadcasts.service';
import { SubscribePush } from './subscribe-push';

/** 群发私信 by circle admins: audiences, durable fan-out into inboxes, subscribe pushes, stats. */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: Broadcast.name, schema: BroadcastSchema },
      { name: BroadcastDelivery.name, schema: BroadcastDeliverySchema },
      { name: BroadcastCap.name, schema: BroadcastCapSchema },
    ]),
    AnalyticsModule,
    CirclesModule,
    EventsModule,
    JobsModule,
    NotificationsModule,
    PollsModule,
    PostsModule,
    SubscriptionsModule,
    UsersModule,
  ],
  controllers: [BroadcastsController],
  providers: [BroadcastsService, BroadcastFanout, AudienceResolver, SubscribePush],
})
export class BroadcastsModule {}
