import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ActivityModule } from '../activity/activity.module';
import { CirclesModule } from '../circles/circles.module';
import { JobsModule } from '../jobs/jobs.module';
import { TagsModule } from '../tags/tags.module';
import { TagRuleBackfills } from './tag-rule-backfills';
import { TagRuleEngine } from './tag-rule-engine';
import { TagRulesController } from './tag-rules.controller';
import {
  TagRule,
  TagRuleGrant,
  TagRuleGrantSchema,
  TagRuleProgress,
  TagRuleProgressSchema,
  TagRuleSchema,
} from './tag-rules.schema';
import { TagRulesService } from './tag-rules.service';

/**
 * Behaviour rules that tag members. Tags are added through MEMBER_TAGGER (TagsModule),
 * history is read through ActivityService.
 */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: TagRule.name, schema: TagRuleSchema },
      { name: TagRuleProgress.name, schema: TagRuleProgressSchema },
      { name: TagRuleGrant.name, schema: TagRuleGrantSchema },
    ]),
    ActivityModule,
    CirclesModule,
    TagsModule,
    JobsModule,
  ],
  controllers: [TagRulesController],
  providers: [TagRulesService, TagRuleEngine, TagRuleBackfills],
  // For the demo seeder.
  exports: [TagRulesService],
})
export class TagRulesModule {}
