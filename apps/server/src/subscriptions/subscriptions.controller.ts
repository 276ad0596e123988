import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { SubscriptionsView } from '@quanzi/contract';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { SubscriptionsDto } from './dto/subscriptions.dto';
import { SubscriptionsService } from './subscriptions.service';

/** The caller's own subscribe-message credits. */
@ApiTags('subscriptions')
@ApiBearerAuth()
@Controller('me')
export class SubscriptionsController {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  @Post('subscriptions')
  @HttpCode(200)
  record(@CurrentActor() actor: Actor, @Body() dto: SubscriptionsDto): Promise<SubscriptionsView> {
    return this.subscriptions.record(actor, dto);
  }
}
