import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
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
  ],
  controllers: [NotificationsController],
  providers: [NotificationsService, NotificationProducers],
  exports: [NotificationsService],
})
export class NotificationsModule {}
