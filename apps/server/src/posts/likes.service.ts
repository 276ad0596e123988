import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { LikeResponse } from '@quanzi/contract';
import { Model, Types } from 'mongoose';
import type { Actor } from '../auth/actor';
import { DomainEventBus } from '../bus/domain-event-bus';
import { Like, Post, type PostRecord } from './posts.schema';
import { PostsService } from './posts.service';

const DUPLICATE_KEY = 11000;

/**
 * Likes are rows under a unique (post, user) index; likeCount moves only when a row was
 * really inserted (upsert) or deleted (deletedCount), so concurrent likes and unlikes leave
 * it equal to the number of rows.
 */
@Injectable()
export class LikesService {
  constructor(
    @InjectModel(Like.name) private readonly likes: Model<Like>,
    @InjectModel(Post.name) private readonly posts: Model<Post>,
    private readonly postsService: PostsService,
    private readonly bus: DomainEventBus,
  ) {}

  async like(actor: Actor, postId: string): Promise<LikeResponse> {
    const post = await this.postsService.findPublished(postId);
    let inserted = false;
    try {
      const res = await this.likes.updateOne(
        { postId: post._id, userId: new Types.ObjectId(actor.userId) },
        { $setOnInsert: { circleId: post.circleId } },
        { upsert: true },
      );
      inserted = res.upsertedCount === 1;
    } catch (error) {
      // A concurrent like by the same user inserted the row first: already liked.
      if ((error as { code?: unknown }).code !== DUPLICATE_KEY) throw error;
    }
    if (!inserted) return { liked: true, likeCount: await this.countOf(post._id) };
    const updated = await this.posts.findOneAndUpdate({ _id: post._id }, { $inc: { likeCount: 1 } }, { returnDocument: 'after' }).lean<PostRecord>();
    await this.bus.publish('post.liked', { circleId: post.circleId.toHexString(), actorId: actor.userId, postId: post._id.toHexString() });
    return { liked: true, likeCount: updated?.likeCount ?? 0 };
  }

  async unlike(actor: Actor, postId: string): Promise<LikeResponse> {
    const post = await this.postsService.findPublished(postId);
    const res = await this.likes.deleteOne({ postId: post._id, userId: new Types.ObjectId(actor.userId) });
    if (res.deletedCount !== 1) return { liked: false, likeCount: await this.countOf(post._id) };
    const updated = await this.posts.findOneAndUpdate({ _id: post._id }, { $inc: { likeCount: -1 } }, { returnDocument: 'after' }).lean<PostRecord>();
    return { liked: false, likeCount: updated?.likeCount ?? 0 };
  }

  private async countOf(postId: Types.ObjectId): Promise<number> {
    return (await this.posts.findById(postId, { likeCount: 1 }).lean<PostRecord>())?.likeCount ?? 0;
  }
}
