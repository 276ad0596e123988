import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ActivityModule } from './activity/activity.module';
import { AnalyticsModule } from './analytics/analytics.module';
import { AuthModule } from './auth/auth.module';
import { BusModule } from './bus/bus.module';
import { ChatModule } from './chat/chat.module';
import { CirclesModule } from './circles/circles.module';
import { ClockModule } from './common/clock';
import { AllExceptionsFilter } from './common/all-exceptions.filter';
import { createValidationPipe } from './common/validation';
import { ConfigModule } from './config/config.module';
import type { Settings } from './config/settings';
import { DatabaseModule } from './database/database.module';
import { DemoModule } from './demo/demo.module';
import { EventsModule } from './events/events.module';
import { HealthModule } from './health/health.module';
import { PaymentsModule } from './payments/payments.module';
import { PollsModule } from './polls/polls.module';
import { InvitesModule } from './invites/invites.module';
import { LiveModule } from './live/live.module';
import { NotificationsModule } from './notifications/notifications.module';
import { BroadcastsModule } from './broadcasts/broadcasts.module';
import { SubscriptionsModule } from './subscriptions/subscriptions.module';
import { PostsModule } from './posts/posts.module';
import { RateLimitsModule } from './rate-limits/rate-limits.module';
import { TagsModule } from './tags/tags.module';
import { PosterModule } from './posters/poster.module';
import { TagRulesModule } from './tag-rules/tag-rules.module';
import { UploadsModule } from './uploads/uploads.module';
import { UsersModule } from './users/users.module';
import { WechatModule } from './wechat/wechat.module';

@Module({})
export class AppModule {
  /** Settings are loaded and validated before Nest starts, then handed in here. */
  static forRoot(settings: Settings): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(settings),
        ClockModule.forRoot(settings),
        BusModule,
        DatabaseModule,
        WechatModule,
        UsersModule,
        AuthModule.forRoot(settings),
        // After AuthModule: its guard runs first, so per-user limits know the caller.
        RateLimitsModule,
        ActivityModule,
        CirclesModule,
        TagsModule,
        InvitesModule,
        PostsModule,
        PollsModule,
        PosterModule,
        TagRulesModule,
        EventsModule,
        PaymentsModule,
        LiveModule,
        ChatModule,
        NotificationsModule,
        BroadcastsModule,
        SubscriptionsModule,
        UploadsModule,
        DemoModule,
        HealthModule,
        AnalyticsModule,
      ],
      providers: [
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
    };
  }
}
