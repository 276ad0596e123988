import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { BulkTagResponse, TagView } from '@quanzi/contract';
import type { Actor, CircleAccess } from '../auth/actor';
import { CircleRole, CurrentActor, CurrentCircle } from '../auth/auth.decorators';
import { BulkTagDto, CreateTagDto, UpdateTagDto } from './dto/tag.dto';
import { MemberTagsService } from './member-tags.service';
import { TagDefinitionsService } from './tag-definitions.service';
import type { Types } from 'mongoose';
import { ObjectIdPipe } from '../common/object-id';

/** Tag definitions and bulk tagging: circle admins only. */
@ApiTags('tags')
@ApiBearerAuth()
@Controller('circles/:id')
export class TagsController {
  constructor(
    private readonly definitions: TagDefinitionsService,
    private readonly memberTags: MemberTagsService,
  ) {}

  @CircleRole('admin')
  @Post('tags')
  create(@CurrentCircle() circle: CircleAccess, @Body() dto: CreateTagDto): Promise<TagView> {
    return this.definitions.create(circle.circleId, dto);
  }

  @CircleRole('admin')
  @Get('tags')
  list(@CurrentCircle() circle: CircleAccess): Promise<TagView[]> {
    return this.definitions.list(circle.circleId);
  }

  @CircleRole('admin')
  @Patch('tags/:tagId')
  update(
    @CurrentCircle() circle: CircleAccess,
    @Param('tagId', new ObjectIdPipe('标签')) tagId: Types.ObjectId,
    @Body() dto: UpdateTagDto,
  ): Promise<TagView> {
    return this.definitions.update(circle.circleId, tagId, dto);
  }

  @CircleRole('admin')
  @Delete('tags/:tagId')
  @HttpCode(204)
  remove(
    @CurrentActor() actor: Actor,
    @CurrentCircle() circle: CircleAccess,
    @Param('tagId', new ObjectIdPipe('标签')) tagId: Types.ObjectId,
  ): Promise<void> {
    return this.definitions.remove(actor, circle.circleId, tagId);
  }

  @CircleRole('admin')
  @Post('members/tags')
  @HttpCode(200)
  bulk(
    @CurrentActor() actor: Actor,
    @CurrentCircle() circle: CircleAccess,
    @Body() dto: BulkTagDto,
  ): Promise<BulkTagResponse> {
    return this.memberTags.bulk(actor, circle.circleId, dto);
  }
}
