import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { DailyActivityResponse } from '@quanzi/contract';
import { PlatformAdmin } from '../auth/auth.decorators';
import { ActivityService } from './activity.service';
import { DailyActivityQueryDto } from './dto/daily-activity.query';

@ApiTags('platform admin')
@ApiBearerAuth()
@Controller('admin/activity')
export class ActivityController {
  constructor(private readonly activity: ActivityService) {}

  @PlatformAdmin()
  @Get('daily')
  daily(@Query() query: DailyActivityQueryDto): Promise<DailyActivityResponse> {
    return this.activity.dailyTotals(query.from, query.to);
  }
}
