import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { EventsModule } from '../events/events.module';
import { JobsModule } from '../jobs/jobs.module';
import { UsersModule } from '../users/users.module';
import { CircleNotifications } from './circle-notifications';
import { EventReminders } from './event-reminders';
import { NotificationProducers } from './notification-producers';
import { NotificationsController } from './notifications.controller';
import {
  Notification,
  NotificationSchema,
  NotificationSetting,
  NotificationSettingSchema,
} from './notifications.schema';
import { NotificationsService } from './notifications.service';

/** Members' inboxes and notification preferences; fed by domain events. */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: Notification.name, schema: NotificationSchema },
      { name: NotificationSetting.name, schema: NotificationSettingSchema },
    ]),
    EventsModule,
    JobsModule,
    UsersModule,
  ],
  controllers: [NotificationsController],
  providers: [NotificationsService, NotificationProducers, CircleNotifications, EventReminders],
  exports: [NotificationsService],
})
export class NotificationsModule {}
