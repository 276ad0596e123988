import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { CircleView, DirectoryEntryView, MyMembershipView, Page } from '@quanzi/contract';
import type { Actor, CircleAccess } from '../auth/actor';
import { CircleRole, CurrentActor, CurrentCircle, OptionalActor, Public } from '../auth/auth.decorators';
import { PageQueryDto } from '../common/pagination';
import { CircleDirectoryService } from './circle-directory.service';
import { CirclesService } from './circles.service';
import { CircleListQueryDto, CreateCircleDto, JoinCircleDto, UpdateCircleDto } from './dto/circle.dto';
import { MembershipsService } from './memberships.service';
import type { Types } from 'mongoose';
import { ObjectIdPipe } from '../common/object-id';

@ApiTags('circles')
@ApiBearerAuth()
@Controller()
export class CirclesController {
  constructor(
    private readonly circles: CirclesService,
    private readonly memberships: MembershipsService,
    private readonly directory: CircleDirectoryService,
  ) {}

  /** Members, when the owner enabled the directory (checked by the service). */
  @CircleRole('member')
  @Get('circles/:id/directory')
  directoryList(
    @CurrentCircle() circle: CircleAccess,
    @Query() query: PageQueryDto,
  ): Promise<Page<DirectoryEntryView>> {
    return this.directory.list(circle.circleId, query);
  }

  @Post('circles')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateCircleDto): Promise<CircleView> {
    return this.circles.create(actor, dto);
  }

  /** 发现: anyone, signed out too (a read-only preview of public circles). */
  @Public()
  @Get('circles')
  list(@OptionalActor() actor: Actor | null, @Query() query: CircleListQueryDto): Promise<Page<CircleView>> {
    return this.circles.list(actor, query);
  }

  @Get('me/circles')
  mine(@CurrentActor() actor: Actor, @Query() query: PageQueryDto): Promise<Page<CircleView>> {
    return this.circles.mine(actor, query);
  }

  @Get('circles/:id')
  get(@CurrentActor() actor: Actor, @Param('id', new ObjectIdPipe('圈子')) id: Types.ObjectId): Promise<CircleView> {
    return this.circles.get(actor, id);
  }

  @CircleRole('admin')
  @Patch('circles/:id')
  update(
    @CurrentActor() actor: Actor,
    @CurrentCircle() circle: CircleAccess,
    @Body() dto: UpdateCircleDto,
  ): Promise<CircleView> {
    return this.circles.update(actor, circle.circleId, dto, circle.role);
  }

  @Post('circles/:id/join')
  @HttpCode(200)
  join(
    @CurrentActor() actor: Actor,
    @Param('id', new ObjectIdPipe('圈子')) id: Types.ObjectId,
    @Body() dto: JoinCircleDto,
  ): Promise<MyMembershipView> {
    return this.memberships.join(actor, id, dto);
  }

  @Post('circles/:id/leave')
  @HttpCode(200)
  leave(
    @CurrentActor() actor: Actor,
    @Param('id', new ObjectIdPipe('圈子')) id: Types.ObjectId,
  ): Promise<MyMembershipView> {
    return this.memberships.leave(actor, id);
  }
}
