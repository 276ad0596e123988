import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { NotificationSettingsView, NotificationsPage, UnreadCountView } from '@quanzi/contract';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { ObjectIdPipe } from '../common/object-id';
import type { Types } from 'mongoose';
import {
  MarkNotificationsReadDto,
  NotificationsQueryDto,
  UpdateNotificationSettingsDto,
} from './dto/notifications.dto';
import { NotificationsService } from './notifications.service';

/** The caller's own inbox and preferences: every route acts on the signed-in member only. */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('me')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get('notifications')
  list(@CurrentActor() actor: Actor, @Query() query: NotificationsQueryDto): Promise<NotificationsPage> {
    return this.notifications.list(actor, query);
  }

  @Post('notifications/read')
  @HttpCode(200)
  markRead(@CurrentActor() actor: Actor, @Body() dto: MarkNotificationsReadDto): Promise<UnreadCountView> {
    return this.notifications.markRead(actor, dto);
  }

  /** Opening an item's link: the broadcast stats count it as a click-through (and the item as read). */
  @Post('notifications/:id/click')
  @HttpCode(200)
  click(
    @CurrentActor() actor: Actor,
    @Param('id', new ObjectIdPipe('消息')) id: Types.ObjectId,
  ): Promise<UnreadCountView> {
    return this.notifications.click(actor, id.toHexString());
  }

  @Get('notification-settings')
  getSettings(@CurrentActor() actor: Actor): Promise<NotificationSettingsView> {
    return this.notifications.getSettings(actor);
  }

  @Patch('notification-settings')
  updateSettings(
    @CurrentActor() actor: Actor,
    @Body() dto: UpdateNotificationSettingsDto,
  ): Promise<NotificationSettingsView> {
    return this.notifications.updateSettings(actor, dto);
  }
}
