import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { MemberView, Page } from '@quanzi/contract';
import type { Actor, CircleAccess } from '../auth/actor';
import { CircleRole, CurrentActor, CurrentCircle } from '../auth/auth.decorators';
import { MemberListQueryDto, UpdateMemberRoleDto } from './dto/member.dto';
import { MembershipsService } from './memberships.service';
import type { Types } from 'mongoose';
import { ObjectIdPipe } from '../common/object-id';

/** Circle admins manage members here; role changes are the owner's alone. */
@ApiTags('circles')
@ApiBearerAuth()
@Controller('circles/:id/members')
export class MembersController {
  constructor(private readonly memberships: MembershipsService) {}

  @CircleRole('admin')
  @Get()
  list(@CurrentCircle() circle: CircleAccess, @Query() query: MemberListQueryDto): Promise<Page<MemberView>> {
    return this.memberships.list(circle.circleId, query);
  }

  @CircleRole('admin')
  @Get(':userId')
  get(
    @CurrentCircle() circle: CircleAccess,
    @Param('userId', new ObjectIdPipe('成员')) userId: Types.ObjectId,
  ): Promise<MemberView> {
    return this.memberships.get(circle.circleId, userId);
  }

  @CircleRole('admin')
  @Post(':userId/approve')
  @HttpCode(200)
  approve(
    @CurrentActor() actor: Actor,
    @CurrentCircle() circle: CircleAccess,
    @Param('userId', new ObjectIdPipe('成员')) userId: Types.ObjectId,
  ): Promise<MemberView> {
    return this.memberships.approve(actor, circle.circleId, userId);
  }

  @CircleRole('admin')
  @Post(':userId/reject')
  @HttpCode(200)
  reject(
    @CurrentActor() actor: Actor,
    @CurrentCircle() circle: CircleAccess,
    @Param('userId', new ObjectIdPipe('成员')) userId: Types.ObjectId,
  ): Promise<MemberView> {
    return this.memberships.reject(actor, circle.circleId, userId);
  }

  @CircleRole('owner')
  @Patch(':userId')
  changeRole(
    @CurrentActor() actor: Actor,
    @CurrentCircle() circle: CircleAccess,
    @Param('userId', new ObjectIdPipe('成员')) userId: Types.ObjectId,
    @Body() dto: UpdateMemberRoleDto,
  ): Promise<MemberView> {
    return this.memberships.changeRole(actor, circle.circleId, userId, dto.role);
  }

  @CircleRole('admin')
  @Delete(':userId')
  remove(
    @CurrentActor() actor: Actor,
    @CurrentCircle() circle: CircleAccess,
    @Param('userId', new ObjectIdPipe('成员')) userId: Types.ObjectId,
  ): Promise<MemberView> {
    return this.memberships.remove(actor, circle.role, circle.circleId, userId);
  }
}
