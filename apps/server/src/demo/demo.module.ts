import { Module } from '@nestjs/common';
import { CirclesModule } from '../circles/circles.module';
import { PostsModule } from '../posts/posts.module';
import { UsersModule } from '../users/users.module';
import { DemoSeeder } from './demo-seeder';

/** Demo data for `npm start` on an empty database (SEED_DEMO, off in production and tests). */
@Module({
  imports: [UsersModule, CirclesModule, PostsModule],
  providers: [DemoSeeder],
})
export class DemoModule {}
