import { Module } from '@nestjs/common';
import { CirclesModule } from '../circles/circles.module';
import { EventsModule } from '../events/events.module';
import { InvitesModule } from '../invites/invites.module';
import { PollsModule } from '../polls/polls.module';
import { PostsModule } from '../posts/posts.module';
import { TagRulesModule } from '../tag-rules/tag-rules.module';
import { TagsModule } from '../tags/tags.module';
import { UsersModule } from '../users/users.module';
import { DemoGrowthSeeder } from './demo-growth';
import { DemoSeeder } from './demo-seeder';

/** Demo data for `npm start` on an empty database (SEED_DEMO, off in production and tests). */
@Module({
  imports: [
    UsersModule,
    CirclesModule,
    PostsModule,
    TagsModule,
    InvitesModule,
    EventsModule,
    PollsModule,
    TagRulesModule,
  ],
  providers: [DemoSeeder, DemoGrowthSeeder],
})
export class DemoModule {}
