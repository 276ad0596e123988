import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { ErrorCode, type CommentView, type Page } from '@quanzi/contract';
import { Model, trusted, Types } from 'mongoose';
import type { Actor } from '../auth/actor';
import { CircleAccessRegistry, requireRole } from '../auth/circle-access.registry';
import { DomainEventBus } from '../bus/domain-event-bus';
import { MembershipsService } from '../circles/memberships.service';
import { conflict, DomainError, notFound } from '../common/domain-error';
import { decodeCursor, decodeIdCursor, encodeCursor, isObjectIdHex, pageSize } from '../common/pagination';
import { UsersService } from '../users/users.service';
import { ContentCheckService } from './content-check.service';
import type { CommentQueueQueryDto, CreateCommentDto } from './dto/post.dto';
import type { PageQueryDto } from '../common/pagination';
import { Comment, Post, type CommentRecord, type PostRecord } from './posts.schema';
import { PostsService } from './posts.service';
import { toCommentView } from './posts.views';
import { UnitOfWork } from '../database/unit-of-work';
import { Clock } from '../common/clock';
import { oid } from '../common/object-id';

type CommentKey = [number, string];
const isCommentKey = (k: unknown[]): k is CommentKey => k.length === 2 && Number.isInteger(k[0]) && isObjectIdHex(k[1]);

/**
 * Comments with one level of replies. commentCount counts published, undeleted comments and
 * changes in the same transaction as the comment, so it stays exact.
 */
@Injectable()
export class CommentsService implements OnModuleInit {
  constructor(
    @InjectModel(Comment.name) private readonly comments: Model<Comment>,
    @InjectModel(Post.name) private readonly posts: Model<Post>,
    private readonly uow: UnitOfWork,
    private readonly postsService: PostsService,
    private readonly memberships: MembershipsService,
    private readonly users: UsersService,
    private readonly contentCheck: ContentCheckService,
    private readonly registry: CircleAccessRegistry,
    private readonly bus: DomainEventBus,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.registry.registerResolver('comment', async (id) => {
      const comment = await this.comments
        .findOne({ _id: oid(id), deletedAt: null }, { circleId: 1 })
        .lean<CommentRecord>();
      return comment ? comment.circleId.toHexString() : null;
    });
  }

  /** Members (route guard). A reply to a reply lands under the same top-level comment. */
  async create(actor: Actor, postId: string, dto: CreateCommentDto): Promise<CommentView> {
    const post = await this.postsService.findPublished(postId);
    let parent: CommentRecord | null = null;
    if (dto.replyToId) {
      parent = await this.comments
        .findOne({ _id: oid(dto.replyToId), postId: post._id, deletedAt: null, status: 'published' })
        .lean<CommentRecord>();
      if (!parent) {
        throw new DomainError(ErrorCode.VALIDATION_FAILED, '回复的评论不存在', [
          { field: 'replyToId', message: '只能回复这条动态下的评论' },
        ]);
      }
    }
    const status = await this.contentCheck.statusFor(actor.userId, dto.text, 2, 'text');
    const comment = await this.uow.run(async (session) => {
      const [created] = await this.comments.create(
        [
          {
            postId: post._id,
            circleId: post.circleId,
            authorId: oid(actor.userId),
            text: dto.text,
            parentId: parent ? (parent.parentId ?? parent._id) : null,
            replyToUserId: parent?.authorId ?? null,
            status,
          },
        ],
        { session },
      );
      if (status === 'published')
        await this.posts.updateOne({ _id: post._id }, { $inc: { commentCount: 1 } }, { session });
      return created.toObject() as unknown as CommentRecord;
    });
    if (status === 'published') await this.publishCreated(comment);
    return (await this.views([comment]))[0];
  }

  /**
   * Top-level comments oldest first, each with all its replies. Readers see published
   * comments plus their own that wait for review.
   */
  async list(actor: Actor, postId: Types.ObjectId, query: PageQueryDto): Promise<Page<CommentView>> {
    const { post } = await this.postsService.access(actor, postId);
    const limit = pageSize(query.limit);
    const after = query.cursor ? decodeCursor(query.cursor, isCommentKey) : null;
    const visible = [{ status: 'published' as const }, { authorId: oid(actor.userId) }];
    const top = await this.comments
      .find({
        postId: post._id,
        parentId: null,
        deletedAt: null,
        $or: visible,
        ...(after
          ? {
              createdAt: trusted({ $gte: new Date(after[0]) }),
              $and: [
                {
                  $or: [{ createdAt: trusted({ $gt: new Date(after[0]) }) }, { _id: trusted({ $gt: oid(after[1]) }) }],
                },
              ],
            }
          : {}),
      })
      .sort({ createdAt: 1, _id: 1 })
      .limit(limit + 1)
      .lean<CommentRecord[]>();
    const items = top.slice(0, limit);
    const replies = items.length
      ? await this.comments
          .find({
            postId: post._id,
            parentId: trusted({ $in: items.map((c) => c._id) }),
            deletedAt: null,
            $or: visible,
          })
          .sort({ createdAt: 1, _id: 1 })
          .lean<CommentRecord[]>()
      : [];
    const last = items[items.length - 1];
    return {
      items: await this.views(items, replies),
      nextCursor:
        top.length > limit
          ? encodeCursor([last.createdAt.getTime(), last._id.toHexString()] satisfies CommentKey)
          : null,
    };
  }

  /** Admins (route guard): comments of the circle by status, newest first (the review queue). */
  async queue(circleId: string, query: CommentQueueQueryDto): Promise<Page<CommentView>> {
    const limit = pageSize(query.limit);
    const after = decodeIdCursor(query.cursor);
    const rows = await this.comments
      .find({
        circleId: oid(circleId),
        status: query.status ?? 'under_review',
        deletedAt: null,
        ...(after ? { _id: trusted({ $lt: oid(after) }) } : {}),
      })
      .sort({ _id: -1 })
      .limit(limit + 1)
      .lean<CommentRecord[]>();
    const items = rows.slice(0, limit);
    return {
      items: await this.views(items),
      nextCursor: rows.length > limit ? encodeCursor([items[items.length - 1]._id.toHexString()]) : null,
    };
  }

  /** Admins (route guard): a comment the content check sent for review goes live. */
  async approve(commentId: string): Promise<CommentView> {
    const comment = await this.uow.run(async (session) => {
      const approved = await this.comments
        .findOneAndUpdate(
          { _id: oid(commentId), deletedAt: null, status: 'under_review' },
          { $set: { status: 'published' } },
          { session, returnDocument: 'after' },
        )
        .lean<CommentRecord>();
      if (!approved) return null;
      await this.posts.updateOne({ _id: approved.postId }, { $inc: { commentCount: 1 } }, { session });
      return approved;
    });
    if (!comment) throw conflict('只能通过待审核的评论');
    await this.publishCreated(comment);
    return (await this.views([comment]))[0];
  }

  /** The author or a circle admin. Deleting a top-level comment takes its replies with it. */
  async remove(actor: Actor, commentId: Types.ObjectId): Promise<void> {
    const comment = await this.comments.findOne({ _id: commentId, deletedAt: null }).lean<CommentRecord>();
    if (!comment) throw notFound('评论');
    if (!comment.authorId.equals(actor.userId)) {
      requireRole(await this.memberships.activeRole(comment.circleId.toHexString(), actor.userId), 'admin');
    }
    const now = this.clock.now();
    await this.uow.run(async (session) => {
      const live = { _id: comment._id, deletedAt: null };
      const own = await this.comments
        .findOneAndUpdate(live, { $set: { deletedAt: now } }, { session, returnDocument: 'before' })
        .lean<CommentRecord>();
      if (!own) return;
      // Its status when deleted, not when first read: an approval may have published it in between.
      let removed = own.status === 'published' ? 1 : 0;
      if (!comment.parentId) {
        const replies = await this.comments.updateMany(
          { parentId: comment._id, deletedAt: null, status: 'published' },
          { $set: { deletedAt: now } },
          { session },
        );
        await this.comments.updateMany(
          { parentId: comment._id, deletedAt: null },
          { $set: { deletedAt: now } },
          { session },
        );
        removed += replies.modifiedCount;
      }
      if (removed > 0)
        await this.posts.updateOne({ _id: comment.postId }, { $inc: { commentCount: -removed } }, { session });
    });
  }

  private async publishCreated(c: CommentRecord): Promise<void> {
    const post = await this.posts.findById(c.postId, { authorId: 1 }).lean<Pick<PostRecord, 'authorId'>>();
    await this.bus.publish('comment.created', {
      circleId: c.circleId.toHexString(),
      actorId: c.authorId.toHexString(),
      postId: c.postId.toHexString(),
      commentId: c._id.toHexString(),
      postAuthorId: post!.authorId.toHexString(),
      replyToUserId: c.replyToUserId?.toHexString() ?? null,
      text: c.text,
    });
  }

  private async views(items: CommentRecord[], replies: CommentRecord[] = []): Promise<CommentView[]> {
    const all = [...items, ...replies];
    const users = await this.users.summaries(
      all.flatMap((c) => [c.authorId.toHexString(), ...(c.replyToUserId ? [c.replyToUserId.toHexString()] : [])]),
    );
    const byParent = new Map<string, CommentRecord[]>();
    for (const r of replies) {
      const key = r.parentId!.toHexString();
      byParent.set(key, [...(byParent.get(key) ?? []), r]);
    }
    return items.map((c) =>
      toCommentView(
        c,
        users,
        (byParent.get(c._id.toHexString()) ?? []).map((r) => toCommentView(r, users)),
      ),
    );
  }
}
