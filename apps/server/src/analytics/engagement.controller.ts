import { Controller, Get, Header, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { EngagementRecomputeResponse, EngagementView, KocResponse, SegmentCountsResponse } from '@quanzi/contract';
import type { Types } from 'mongoose';
import type { CircleAccess } from '../auth/actor';
import { CircleRole, CurrentCircle, SignedDownload } from '../auth/auth.decorators';
import { ObjectIdPipe } from '../common/object-id';
import { EngagementService } from './engagement.service';
import { MemberExportService } from './member-export.service';

/** Engagement scores, segments and KOC: the circle's admins, and platform admins. */
@ApiTags('analytics')
@ApiBearerAuth()
@Controller('circles/:id')
export class EngagementController {
  constructor(
    private readonly engagement: EngagementService,
    private readonly exports: MemberExportService,
  ) {}

  @CircleRole('admin', { platformAdmin: true })
  @Get('members/:userId/engagement')
  member(
    @CurrentCircle() circle: CircleAccess,
    @Param('userId', new ObjectIdPipe('成员')) userId: Types.ObjectId,
  ): Promise<EngagementView> {
    return this.engagement.engagement(circle.circleId, userId.toHexString());
  }

  @CircleRole('admin', { platformAdmin: true })
  @Post('analytics/engagement/recompute')
  @HttpCode(200)
  recompute(@CurrentCircle() circle: CircleAccess): Promise<EngagementRecomputeResponse> {
    return this.engagement.recomputeCircle(circle.circleId);
  }

  @CircleRole('admin', { platformAdmin: true })
  @Get('analytics/koc')
  koc(@CurrentCircle() circle: CircleAccess): Promise<KocResponse> {
    return this.engagement.koc(circle.circleId);
  }

  @CircleRole('admin', { platformAdmin: true })
  @Get('analytics/segments')
  segments(@CurrentCircle() circle: CircleAccess): Promise<SegmentCountsResponse> {
    return this.engagement.segmentCounts(circle.circleId);
  }

  @CircleRole('admin', { platformAdmin: true })
  @SignedDownload()
  @Get('members.csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="members.csv"')
  membersCsv(@CurrentCircle() circle: CircleAccess): Promise<string> {
    return this.exports.csv(circle.circleId);
  }
}
