import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Page, ReportView } from '@quanzi/contract';
import type { Actor, CircleAccess } from '../auth/actor';
import { CircleRole, CurrentActor, CurrentCircle } from '../auth/auth.decorators';
import { CreateReportDto, ReportQueueQueryDto, ResolveReportDto } from './dto/post.dto';
import { ReportsService } from './reports.service';

@ApiTags('posts')
@ApiBearerAuth()
@Controller()
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @CircleRole('member', { via: 'post' })
  @Post('posts/:id/reports')
  report(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: CreateReportDto): Promise<ReportView> {
    return this.reports.report(actor, id, dto);
  }

  @CircleRole('admin')
  @Get('circles/:id/reports')
  list(@CurrentCircle() circle: CircleAccess, @Query() query: ReportQueueQueryDto): Promise<Page<ReportView>> {
    return this.reports.list(circle.circleId, query);
  }

  @CircleRole('admin', { via: 'report' })
  @Post('reports/:id/resolve')
  @HttpCode(200)
  resolve(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: ResolveReportDto): Promise<ReportView> {
    return this.reports.resolve(actor, id, dto);
  }
}
