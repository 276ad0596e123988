import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { BroadcastDetail, BroadcastPreview, BroadcastView, Page } from '@quanzi/contract';
import type { Types } from 'mongoose';
import type { Actor, CircleAccess } from '../auth/actor';
import { CircleRole, CurrentActor, CurrentCircle } from '../auth/auth.decorators';
import { ObjectIdPipe } from '../common/object-id';
import { PageQueryDto } from '../common/pagination';
import { RateLimit } from '../rate-limits/rate-limit.decorator';
import { BroadcastsService } from './broadcasts.service';
import { BroadcastPreviewDto, CreateBroadcastDto } from './dto/broadcast.dto';

/** 群发私信: the circle's admins only. */
@ApiTags('broadcasts')
@ApiBearerAuth()
@Controller()
export class BroadcastsController {
  constructor(private readonly broadcasts: BroadcastsService) {}

  @CircleRole('admin')
  @Post('circles/:id/broadcasts/preview')
  @HttpCode(200)
  preview(@CurrentCircle() circle: CircleAccess, @Body() dto: BroadcastPreviewDto): Promise<BroadcastPreview> {
    return this.broadcasts.preview(circle.circleId, dto.audience);
  }

  /** Each one is content-checked through WeChat, like a post: the same per-member limit. */
  @CircleRole('admin')
  @RateLimit('post')
  @Post('circles/:id/broadcasts')
  create(
    @CurrentActor() actor: Actor,
    @CurrentCircle() circle: CircleAccess,
    @Body() dto: CreateBroadcastDto,
  ): Promise<BroadcastView> {
    return this.broadcasts.create(actor, circle.circleId, dto);
  }

  @CircleRole('admin')
  @Get('circles/:id/broadcasts')
  list(@CurrentCircle() circle: CircleAccess, @Query() query: PageQueryDto): Promise<Page<BroadcastView>> {
    return this.broadcasts.list(circle.circleId, query);
  }

  @CircleRole('admin', { via: 'broadcast' })
  @Get('broadcasts/:id')
  get(@Param('id', new ObjectIdPipe('群发')) id: Types.ObjectId): Promise<BroadcastDetail> {
    return this.broadcasts.get(id.toHexString());
  }

  @CircleRole('admin', { via: 'broadcast' })
  @Post('broadcasts/:id/cancel')
  @HttpCode(200)
  cancel(@Param('id', new ObjectIdPipe('群发')) id: Types.ObjectId): Promise<BroadcastView> {
    return this.broadcasts.cancel(id.toHexString());
  }
}
