import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { CirclesModule } from '../circles/circles.module';
import { InvitesModule } from '../invites/invites.module';
import { AnalyticsRecorder } from './analytics-recorder.service';
import { AnalyticsController } from './analytics.controller';
import { ANALYTICS_MODELS } from './analytics.schema';
import { AnalyticsService } from './analytics.service';
import { EngagementController } from './engagement.controller';
import { EngagementNightly } from './engagement-nightly.service';
import { EngagementService } from './engagement.service';
import { MemberExportService } from './member-export.service';
import { UsersModule } from '../users/users.module';
import { JobsModule } from '../jobs/jobs.module';

/** Circle dashboards over rollups the recorder keeps current from domain events. */
@Module({
  imports: [MongooseModule.forFeature(ANALYTICS_MODELS), CirclesModule, InvitesModule, UsersModule, JobsModule],
  controllers: [AnalyticsController, EngagementController],
  providers: [AnalyticsRecorder, AnalyticsService, EngagementService, EngagementNightly, MemberExportService],
  exports: [AnalyticsService, EngagementService],
})
export class AnalyticsModule {}
