import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type {
  AnalyticsOverview,
  ChannelStatsResponse,
  EventFunnelView,
  PollFunnelView,
  RetentionResponse,
} from '@quanzi/contract';
import type { CircleAccess } from '../auth/actor';
import { CircleRole, CurrentCircle } from '../auth/auth.decorators';
import { AnalyticsService } from './analytics.service';
import { ObjectIdPipe } from '../common/object-id';
import type { Types } from 'mongoose';
import { AnalyticsRangeQueryDto, EventFunnelQueryDto, RetentionQueryDto } from './dto/analytics.query';

/** Circle dashboards: the circle's admins, and platform admins for every circle. */
@ApiTags('analytics')
@ApiBearerAuth()
@Controller()
export class AnalyticsController {
  constructor(private readonly analytics: AnalyticsService) {}

  @CircleRole('admin', { platformAdmin: true })
  @Get('circles/:id/analytics/overview')
  overview(@CurrentCircle() circle: CircleAccess, @Query() q: AnalyticsRangeQueryDto): Promise<AnalyticsOverview> {
    return this.analytics.overview(circle.circleId, q.from, q.to);
  }

  @CircleRole('admin', { platformAdmin: true })
  @Get('circles/:id/analytics/channels')
  channels(@CurrentCircle() circle: CircleAccess, @Query() q: AnalyticsRangeQueryDto): Promise<ChannelStatsResponse> {
    return this.analytics.channels(circle.circleId, q.from, q.to);
  }

  @CircleRole('admin', { platformAdmin: true })
  @Get('circles/:id/analytics/retention')
  retention(@CurrentCircle() circle: CircleAccess, @Query() q: RetentionQueryDto): Promise<RetentionResponse> {
    return this.analytics.retention(circle.circleId, q.from, q.to, q.channel);
  }

  @CircleRole('admin', { via: 'event', platformAdmin: true })
  @Get('events/:id/funnel')
  funnel(
    @Param('id', new ObjectIdPipe('活动')) eventId: Types.ObjectId,
    @Query() q: EventFunnelQueryDto,
  ): Promise<EventFunnelView> {
    return this.analytics.funnel(eventId.toHexString(), q.inviteCode);
  }

  @CircleRole('admin', { via: 'poll', platformAdmin: true })
  @Get('polls/:id/funnel')
  pollFunnel(@Param('id', new ObjectIdPipe('问卷')) pollId: Types.ObjectId): Promise<PollFunnelView> {
    return this.analytics.pollFunnel(pollId.toHexString());
  }
}
