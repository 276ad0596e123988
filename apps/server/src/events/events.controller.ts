import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { EventPublicView, EventSummaryView, EventView, Page } from '@quanzi/contract';
import type { Actor, CircleAccess } from '../auth/actor';
import { CircleRole, CurrentActor, CurrentCircle, Public } from '../auth/auth.decorators';
import { CreateEventDto, EventListQueryDto, UpdateEventDto } from './dto/event.dto';
import { EventPosterQueryDto } from './dto/event-poster.dto';
import { EventPostersService } from './event-posters.service';
import { CheckerDto } from './dto/registration.dto';
import { EventPublicService } from './event-public.service';
import { EventsService } from './events.service';
import type { Types } from 'mongoose';
import { ObjectIdPipe } from '../common/object-id';

@ApiTags('events')
@ApiBearerAuth()
@Controller()
export class EventsController {
  constructor(
    private readonly events: EventsService,
    private readonly publicEvents: EventPublicService,
    private readonly posters: EventPostersService,
  ) {}

  /**
   * Public like the invite poster (an image tag cannot send a token, and it shows only public
   * fields); `code` must be an open invite of the event's circle.
   */
  @Public()
  @Get('events/:id/poster.png')
  async poster(
    @Param('id', new ObjectIdPipe('活动')) id: Types.ObjectId,
    @Query() query: EventPosterQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const png = await this.posters.render(id, query.code, query.appid ?? null);
    void reply.header('Content-Type', 'image/png').header('Cache-Control', 'public, max-age=3600');
    return png;
  }

  /** Anyone, signed out too: what an event link or poster opens. */
  @Public()
  @Get('events/:id/public')
  publicView(@Param('id', new ObjectIdPipe('活动')) id: Types.ObjectId): Promise<EventPublicView> {
    return this.publicEvents.view(id);
  }

  @CircleRole('admin')
  @Post('circles/:id/events')
  create(
    @CurrentActor() actor: Actor,
    @CurrentCircle() circle: CircleAccess,
    @Body() dto: CreateEventDto,
  ): Promise<EventView> {
    return this.events.create(actor, circle.circleId, dto);
  }

  @CircleRole('member')
  @Get('circles/:id/events')
  list(
    @CurrentActor() actor: Actor,
    @CurrentCircle() circle: CircleAccess,
    @Query() query: EventListQueryDto,
  ): Promise<Page<EventSummaryView>> {
    return this.events.list(actor, circle.circleId, circle.role, query);
  }

  @CircleRole('member', { via: 'event' })
  @Get('events/:id')
  get(
    @CurrentActor() actor: Actor,
    @CurrentCircle() circle: CircleAccess,
    @Param('id') id: string,
  ): Promise<EventView> {
    return this.events.detail(actor, id, { markViewed: true, role: circle.role });
  }

  @CircleRole('admin', { via: 'event' })
  @Patch('events/:id')
  update(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: UpdateEventDto): Promise<EventView> {
    return this.events.update(actor, id, dto);
  }

  @CircleRole('admin', { via: 'event' })
  @Post('events/:id/cancel')
  @HttpCode(200)
  cancel(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<EventView> {
    return this.events.cancel(actor, id);
  }

  @CircleRole('admin', { via: 'event' })
  @Post('events/:id/checkers')
  @HttpCode(200)
  addChecker(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: CheckerDto): Promise<EventView> {
    return this.events.addChecker(actor, id, dto.userId);
  }

  @CircleRole('admin', { via: 'event' })
  @Delete('events/:id/checkers/:userId')
  removeChecker(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Param('userId', new ObjectIdPipe('成员')) userId: Types.ObjectId,
  ): Promise<EventView> {
    return this.events.removeChecker(actor, id, userId);
  }
}
