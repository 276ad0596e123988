import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { CirclesModule } from '../circles/circles.module';
import { InvitesModule } from '../invites/invites.module';
import { JobsModule } from '../jobs/jobs.module';
import { TagsModule } from '../tags/tags.module';
import { UsersModule } from '../users/users.module';
import { PollCloseNotices } from './poll-close-notices';
import { PollExportService } from './poll-export.service';
import { PollParticipationService } from './poll-participation.service';
import { PollResponsesService } from './poll-responses.service';
import { PollResultsService } from './poll-results.service';
import { PollsController } from './polls.controller';
import {
  Poll,
  PollParticipation,
  PollParticipationSchema,
  PollViewMark,
  PollViewMarkSchema,
  PollResponse,
  PollResponseSchema,
  PollSchema,
} from './polls.schema';
import { PollsService } from './polls.service';

/** Polls and surveys: definitions, responses (anonymous-safe), results and CSV export. Registers the 'poll' resolver. */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: Poll.name, schema: PollSchema },
      { name: PollResponse.name, schema: PollResponseSchema },
      { name: PollParticipation.name, schema: PollParticipationSchema },
      { name: PollViewMark.name, schema: PollViewMarkSchema },
    ]),
    CirclesModule,
    TagsModule,
    InvitesModule,
    UsersModule,
    JobsModule,
  ],
  controllers: [PollsController],
  providers: [
    PollsService,
    PollResponsesService,
    PollResultsService,
    PollExportService,
    PollParticipationService,
    PollCloseNotices,
  ],
  // PollResponsesService for the demo seeder (polls and answers through the same rules as the API).
  exports: [PollsService, PollResponsesService],
})
export class PollsModule {}
