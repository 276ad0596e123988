import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import type { Actor } from '../auth/actor';
import { CirclesService } from '../circles/circles.service';
import { MembershipsService } from '../circles/memberships.service';
import { oid } from '../common/object-id';
import { Settings } from '../config/settings';
import { JOBS_COLLECTION } from '../jobs/jobs.service';
import { CommentsService } from '../posts/comments.service';
import { LikesService } from '../posts/likes.service';
import { PostsService } from '../posts/posts.service';
import { UsersService } from '../users/users.service';
import { DEMO_CIRCLES, DEMO_USERS, type DemoUser } from './demo-content';
import { DemoGrowthSeeder } from './demo-growth';

/**
 * `npm start` on an empty database seeds two living circles so a newcomer sees the product at
 * work. It goes through the same services as the API, so counts, events and analytics agree.
 * Never in production or tests (SEED_DEMO), and never into a database that holds anything.
 */
/** Collections the server fills by itself at boot or per request, not user data. */
const MACHINERY_COLLECTIONS = new Set([JOBS_COLLECTION, 'rate_limit_counters']);

@Injectable()
export class DemoSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger('Demo');

  constructor(
    private readonly settings: Settings,
    @InjectConnection() private readonly connection: Connection,
    private readonly users: UsersService,
    private readonly circles: CirclesService,
    private readonly memberships: MembershipsService,
    private readonly posts: PostsService,
    private readonly comments: CommentsService,
    private readonly likes: LikesService,
    private readonly growth: DemoGrowthSeeder,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.settings.seedDemo) return;
    try {
      if (!(await this.databaseIsEmpty())) return;
      await this.seed();
      this.logger.log(
        `seeded demo circles ${DEMO_CIRCLES.map((c) => `「${c.name}」`).join(' ')}; dev login as ${DEMO_USERS.join(' / ')} to see them`,
      );
    } catch (error) {
      // Demo data is a courtesy: the server still starts without it.
      this.logger.error(`demo seeding failed: ${error instanceof Error ? error.stack : String(error)}`);
    }
  }

  /**
   * Empty means no document in any collection (collections may exist, created by index sync),
   * except the machinery's own: the repeating jobs every boot schedules, rate-limit windows.
   */
  async databaseIsEmpty(): Promise<boolean> {
    const collections = await this.connection.db!.listCollections({}, { nameOnly: true }).toArray();
    for (const { name } of collections) {
      if (MACHINERY_COLLECTIONS.has(name)) continue;
      if ((await this.connection.db!.collection(name).countDocuments({}, { limit: 1 })) > 0) return false;
    }
    return true;
  }

  async seed(): Promise<void> {
    const actors = new Map<DemoUser, Actor>();
    for (const nickname of DEMO_USERS) {
      const { user } = await this.users.upsertForLogin(`dev:${nickname}`, null, nickname);
      actors.set(nickname, { userId: user._id.toHexString() });
    }
    const as = (who: DemoUser) => actors.get(who)!;

    for (const demo of DEMO_CIRCLES) {
      const circle = await this.circles.create(as(demo.owner), {
        name: demo.name,
        description: demo.description,
        joinPolicy: demo.joinPolicy,
      });
      for (const who of [...demo.admins, ...demo.members]) {
        const joined = await this.memberships.join(as(who), oid(circle.id), {});
        if (joined.status === 'pending') await this.memberships.approve(as(demo.owner), circle.id, oid(as(who).userId));
      }
      for (const who of demo.admins)
        await this.memberships.changeRole(as(demo.owner), circle.id, oid(as(who).userId), 'admin');
      for (const who of demo.pending) await this.memberships.join(as(who), oid(circle.id), {});

      for (const p of demo.posts) {
        const post = await this.posts.create(as(p.by), circle.id, { text: p.text, topic: p.topic });
        if (p.pinned || p.digest)
          await this.posts.update(as(demo.owner), post.id, { pinned: p.pinned, digest: p.digest }, 'owner');
        for (const who of p.likedBy ?? []) await this.likes.like(as(who), post.id);
        for (const c of p.comments ?? []) {
          const top = await this.comments.create(as(c.by), post.id, { text: c.text });
          for (const r of c.replies ?? [])
            await this.comments.create(as(r.by), post.id, { text: r.text, replyToId: top.id });
        }
      }
      if (demo.growth) await this.growth.seed(circle.id, as);
    }
  }
}
