import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Page, TagRuleBackfillView, TagRuleView } from '@quanzi/contract';
import type { CircleAccess } from '../auth/actor';
import { CircleRole, CurrentCircle } from '../auth/auth.decorators';
import { PageQueryDto } from '../common/pagination';
import { CreateTagRuleDto, UpdateTagRuleDto } from './dto/tag-rule.dto';
import { TagRulesService } from './tag-rules.service';
import type { Types } from 'mongoose';
import { ObjectIdPipe } from '../common/object-id';

@ApiTags('tag-rules')
@ApiBearerAuth()
@Controller('circles/:id/tag-rules')
export class TagRulesController {
  constructor(private readonly rules: TagRulesService) {}

  @CircleRole('admin')
  @Post()
  create(@CurrentCircle() circle: CircleAccess, @Body() dto: CreateTagRuleDto): Promise<TagRuleView> {
    return this.rules.create(circle.circleId, dto);
  }

  @CircleRole('admin')
  @Get()
  list(@CurrentCircle() circle: CircleAccess, @Query() query: PageQueryDto): Promise<Page<TagRuleView>> {
    return this.rules.list(circle.circleId, query);
  }

  @CircleRole('admin')
  @Patch(':ruleId')
  update(
    @CurrentCircle() circle: CircleAccess,
    @Param('ruleId', new ObjectIdPipe('标签规则')) ruleId: Types.ObjectId,
    @Body() dto: UpdateTagRuleDto,
  ): Promise<TagRuleView> {
    return this.rules.update(circle.circleId, ruleId, dto);
  }

  @CircleRole('admin')
  @Delete(':ruleId')
  @HttpCode(204)
  remove(
    @CurrentCircle() circle: CircleAccess,
    @Param('ruleId', new ObjectIdPipe('标签规则')) ruleId: Types.ObjectId,
  ): Promise<void> {
    return this.rules.remove(circle.circleId, ruleId);
  }

  /** Queues a re-evaluation of the circle's history under the rule as it is now (a durable job). */
  @CircleRole('admin')
  @Post(':ruleId/backfill')
  @HttpCode(202)
  backfill(
    @CurrentCircle() circle: CircleAccess,
    @Param('ruleId', new ObjectIdPipe('标签规则')) ruleId: Types.ObjectId,
  ): Promise<TagRuleBackfillView> {
    return this.rules.backfill(circle.circleId, ruleId);
  }
}
