import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { LikeResponse } from '@quanzi/contract';
import { Model, Types, type ClientSession } from 'mongoose';
import { oid } from '../common/object-id';
import type { Actor } from '../auth/actor';
import { DomainEventBus } from '../bus/domain-event-bus';
import { KeyedLock } from '../common/keyed-lock';
import { UnitOfWork } from '../database/unit-of-work';
import { Like, Post, type PostRecord } from './posts.schema';
import { PostsService } from './posts.service';

const DUPLICATE_KEY = 11000;

/**
 * Likes are rows under a unique (post, user) index; likeCount moves in the same transaction that
 * really inserted (upsert) or deleted (deletedCount) a row, so it equals the number of rows even
 * across crashes, and a repeated like or unlike changes nothing.
 */
@Injectable()
export class LikesService {
  /** Likes of one post queue up in this process instead of storming its counter with write conflicts. */
  private readonly lock = new KeyedLock();

  constructor(
    @InjectModel(Like.name) private readonly likes: Model<Like>,
    @InjectModel(Post.name) private readonly posts: Model<Post>,
    private readonly postsService: PostsService,
    private readonly bus: DomainEventBus,
    private readonly uow: UnitOfWork,
  ) {}

  async like(actor: Actor, postId: string): Promise<LikeResponse> {
    const post = await this.postsService.findPublished(postId);
    const key = { postId: post._id, userId: oid(actor.userId) };
    let likeCount: number | null = null;
    try {
      likeCount = await this.inTransaction(post._id, async (session) => {
        const insert = { $setOnInsert: { circleId: post.circleId } };
        const res = await this.likes.updateOne(key, insert, { upsert: true, session });
        return res.upsertedCount === 1 ? this.bump(post._id, 1, session) : null;
      });
    } catch (error) {
      // A concurrent like by the same user (another server) inserted the row first: already liked.
      if ((error as { code?: unknown }).code !== DUPLICATE_KEY) throw error;
    }
    if (likeCount === null) return { liked: true, likeCount: await this.countOf(post._id) };
    // Committed. Announced outside the post's queue, so listeners do not hold up the next like.
    const circleId = post.circleId.toHexString();
    await this.bus.publish('post.liked', { circleId, actorId: actor.userId, postId: post._id.toHexString() });
    return { liked: true, likeCount };
  }

  async unlike(actor: Actor, postId: string): Promise<LikeResponse> {
    const post = await this.postsService.findPublished(postId);
    const key = { postId: post._id, userId: oid(actor.userId) };
    const likeCount = await this.inTransaction(post._id, async (session) => {
      const res = await this.likes.deleteOne(key, { session });
      return res.deletedCount === 1 ? this.bump(post._id, -1, session) : null;
    });
    return { liked: false, likeCount: likeCount ?? (await this.countOf(post._id)) };
  }

  /** One short transaction per like or unlike: the row, then the post's counter, then commit. */
  private inTransaction<T>(postId: Types.ObjectId, work: (session: ClientSession) => Promise<T>): Promise<T> {
    return this.lock.run(postId.toHexString(), () => this.uow.run(work));
  }

  private async bump(postId: Types.ObjectId, delta: 1 | -1, session: ClientSession): Promise<number> {
    const options = { session, returnDocument: 'after' as const, projection: { likeCount: 1 } };
    const updated = await this.posts
      .findOneAndUpdate({ _id: postId }, { $inc: { likeCount: delta } }, options)
      .lean<PostRecord>();
    return updated?.likeCount ?? 0;
  }

  private async countOf(postId: Types.ObjectId): Promise<number> {
    return (await this.posts.findById(postId, { likeCount: 1 }).lean<PostRecord>())?.likeCount ?? 0;
  }
}
