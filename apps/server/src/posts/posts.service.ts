import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import {
  ErrorCode,
  POST_EDIT_WINDOW_MS,
  roleSatisfies,
  type CircleRole,
  type Page,
  type PostEditView,
  type PostView,
} from '@quanzi/contract';
import { Model, trusted, Types } from 'mongoose';
import type { Actor } from '../auth/actor';
import { CircleAccessRegistry, requireRole } from '../auth/circle-access.registry';
import { DomainEventBus } from '../bus/domain-event-bus';
import { CirclesService } from '../circles/circles.service';
import { MembershipsService } from '../circles/memberships.service';
import { conflict, DomainError, forbidden, notFound } from '../common/domain-error';
import { decodeCursor, encodeCursor, isObjectIdHex, pageSize } from '../common/pagination';
import { Settings } from '../config/settings';
import { isOwnUploadUrl } from '../uploads/upload-refs';
import { UsersService } from '../users/users.service';
import { ContentCheckService } from './content-check.service';
import type { CreatePostDto, FeedQueryDto, UpdatePostDto } from './dto/post.dto';
import { Like, Post, POST_EDITS_KEPT, type PostRecord } from './posts.schema';
import { toPostView } from './posts.views';
import { Clock } from '../common/clock';
import { oid } from '../common/object-id';
import { escapeRegex } from '../common/regex';

/** Feed cursor: the last post's sort key (pinned, createdAt ms, id). */
type FeedKey = [boolean, number, string];
const isFeedKey = (k: unknown[]): k is FeedKey =>
  k.length === 3 && typeof k[0] === 'boolean' && Number.isInteger(k[1]) && isObjectIdHex(k[2]);

/** What a caller may do with one post, worked out once per request. */
export interface PostAccess {
  post: PostRecord;
  role: CircleRole | null;
}

const searchPattern = (q: string) => trusted({ $regex: escapeRegex(q), $options: 'i' });

/** Posts: creation (content-checked), the feed, detail, 置顶/精华, soft delete and review approval. */
@Injectable()
export class PostsService implements OnModuleInit {
  constructor(
    @InjectModel(Post.name) private readonly posts: Model<Post>,
    @InjectModel(Like.name) private readonly likes: Model<Like>,
    private readonly circles: CirclesService,
    private readonly memberships: MembershipsService,
    private readonly users: UsersService,
    private readonly contentCheck: ContentCheckService,
    private readonly registry: CircleAccessRegistry,
    private readonly bus: DomainEventBus,
    private readonly settings: Settings,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    // @CircleRole(..., { via: 'post' }) routes reach the circle through the post; deleted posts are gone.
    this.registry.registerResolver('post', async (id) => {
      const post = await this.posts.findOne({ _id: oid(id), deletedAt: null }, { circleId: 1 }).lean<PostRecord>();
      return post ? post.circleId.toHexString() : null;
    });
  }

  /** Members only (route guard). `review` text is stored hidden; `risky` text is refused. */
  async create(actor: Actor, circleId: string, dto: CreatePostDto): Promise<PostView> {
    this.requireOwnUploads(dto.images);
    const status = await this.contentCheck.statusFor(actor.userId, dto.text, 3, 'text');
    const [created] = await this.posts.create([
      {
        circleId: oid(circleId),
        authorId: oid(actor.userId),
        text: dto.text,
        images: dto.images ?? [],
        topic: dto.topic ?? null,
        status,
      },
    ]);
    const post = created.toObject() as unknown as PostRecord;
    if (status === 'published')
      await this.bus.publish('post.created', {
        circleId,
        actorId: actor.userId,
        postId: post._id.toHexString(),
        text: post.text,
      });
    return (await this.views(actor, [post]))[0];
  }

  /**
   * Pinned posts first, then the rest, each newest first. Each segment is one range scan of
   * the (circleId, pinned, createdAt, _id) index continuing from the cursor; no skip.
   * Open circles are readable by anyone logged in; others by members. Admins may list posts
   * waiting for review with `status=under_review`.
   */
  async feed(actor: Actor, circle: Types.ObjectId, query: FeedQueryDto): Promise<Page<PostView>> {
    const circleId = circle.toHexString();
    const role = await this.requireReader(actor, circleId);
    const status = query.status ?? 'published';
    if (status === 'under_review') requireRole(role, 'admin');
    const limit = pageSize(query.limit);
    const after = query.cursor ? decodeCursor(query.cursor, isFeedKey) : null;
    const base = {
      circleId: oid(circleId),
      deletedAt: null,
      status,
      ...(query.digest ? { digest: true } : {}),
      ...(query.topic ? { topic: query.topic } : {}),
      // Search: an escaped case-insensitive regex over text and topic, inside this circle's
      // index range. MongoDB's text index splits words on spaces and has no Chinese
      // segmentation, so 耶加雪菲 would not match 「今天喝了耶加雪菲」; a regex finds any substring.
      ...(query.q ? { $and: [{ $or: [{ text: searchPattern(query.q) }, { topic: searchPattern(query.q) }] }] } : {}),
    };
    const rows: PostRecord[] = [];
    for (const pinned of after && !after[0] ? [false] : [true, false]) {
      const bound =
        after && after[0] === pinned
          ? {
              createdAt: trusted({ $lte: new Date(after[1]) }),
              $or: [{ createdAt: trusted({ $lt: new Date(after[1]) }) }, { _id: trusted({ $lt: oid(after[2]) }) }],
            }
          : {};
      const segment = await this.posts
        .find({ ...base, pinned, ...bound })
        .sort({ createdAt: -1, _id: -1 })
        .limit(limit + 1 - rows.length)
        .lean<PostRecord[]>();
      rows.push(...segment);
      if (rows.length > limit) break;
    }
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items: await this.views(actor, items),
      nextCursor:
        rows.length > limit
          ? encodeCursor([last.pinned, last.createdAt.getTime(), last._id.toHexString()] satisfies FeedKey)
          : null,
    };
  }

  async get(actor: Actor, postId: Types.ObjectId): Promise<PostView> {
    const { post } = await this.access(actor, postId);
    return (await this.views(actor, [post]))[0];
  }

  /**
   * 置顶 / 精华: admins. Text and images: the author, within 24 h of posting; the replaced version
   * goes to the post's history (admins read it), the new text through the content check again.
   */
  async update(actor: Actor, postId: string, dto: UpdatePostDto, role: CircleRole | null): Promise<PostView> {
    if (dto.pinned !== undefined || dto.digest !== undefined) requireRole(role, 'admin');
    if (dto.text !== undefined || dto.images !== undefined) await this.editContent(actor, postId, dto);
    const $set: Partial<Post> = {};
    if (dto.pinned !== undefined) $set.pinned = dto.pinned;
    if (dto.digest !== undefined) $set.digest = dto.digest;
    const before = await this.posts
      .findOneAndUpdate({ _id: oid(postId), deletedAt: null }, { $set }, { returnDocument: 'before' })
      .lean<PostRecord>();
    if (!before) throw notFound('动态');
    const post = { ...before, ...$set } as PostRecord;
    // Only a change to pinned / featured is news for the author, and not when they did it themselves.
    if (!before.authorId.equals(actor.userId)) {
      if (dto.pinned === true && !before.pinned) await this.publishModerated(post, actor.userId, 'pinned');
      if (dto.digest === true && !before.digest) await this.publishModerated(post, actor.userId, 'featured');
    }
    return (await this.views(actor, [post]))[0];
  }

  /** Admins (route guard): the versions an edited post replaced, newest first. */
  async edits(postId: Types.ObjectId): Promise<PostEditView[]> {
    const post = await this.findLive(postId);
    return (post.edits ?? [])
      .map((e) => ({ text: e.text, images: e.images ?? [], replacedAt: e.replacedAt.toISOString() }))
      .reverse();
  }

  private async editContent(actor: Actor, postId: string, dto: UpdatePostDto): Promise<void> {
    const post = await this.findLive(oid(postId));
    if (!post.authorId.equals(actor.userId)) throw forbidden('只能编辑自己的动态');
    const now = this.clock.now();
    if (now.getTime() - post.createdAt.getTime() > POST_EDIT_WINDOW_MS)
      throw new DomainError(ErrorCode.CLOSED, '发布超过 24 小时的动态不能再编辑');
    this.requireOwnUploads(dto.images);
    const text = dto.text ?? post.text;
    const checked = dto.text !== undefined ? await this.contentCheck.statusFor(actor.userId, text, 3, 'text') : null;
    // An edit never publishes a post that waits for review; it may send a published one to review.
    const status = post.status === 'under_review' || checked === 'under_review' ? 'under_review' : post.status;
    const res = await this.posts.updateOne(
      { _id: post._id, deletedAt: null, updatedAt: post.updatedAt },
      {
        $set: { text, images: dto.images ?? post.images, status, editedAt: now },
        $push: {
          edits: {
            $each: [{ text: post.text, images: post.images ?? [], replacedAt: now }],
            $slice: -POST_EDITS_KEPT,
          },
        },
      },
    );
    if (res.matchedCount === 0) throw conflict('动态刚刚被修改过，请刷新后重试');
  }

  private requireOwnUploads(images: string[] | undefined): void {
    const foreign = (images ?? []).flatMap((url, i) => (isOwnUploadUrl(url, this.settings) ? [] : [i]));
    if (foreign.length > 0) {
      const message = '图片须先上传到本站';
      throw new DomainError(
        ErrorCode.VALIDATION_FAILED,
        message,
        foreign.map((i) => ({ field: `images.${i}`, message })),
      );
    }
  }

  /** The author or a circle admin; the post disappears from feeds and detail but stays stored. */
  async remove(actor: Actor, postId: Types.ObjectId): Promise<void> {
    const post = await this.findLive(postId);
    if (!post.authorId.equals(actor.userId)) {
      requireRole(await this.memberships.activeRole(post.circleId.toHexString(), actor.userId), 'admin');
    }
    await this.softDelete(post._id, actor.userId);
  }

  /** Admins (route guard): a post the content check sent for review goes live. */
  async approve(actor: Actor, postId: string): Promise<PostView> {
    const post = await this.posts
      .findOneAndUpdate(
        { _id: oid(postId), deletedAt: null, status: 'under_review' },
        { $set: { status: 'published' } },
        { returnDocument: 'after' },
      )
      .lean<PostRecord>();
    if (!post) throw conflict('只能通过待审核的动态');
    await this.bus.publish('post.created', {
      circleId: post.circleId.toHexString(),
      actorId: post.authorId.toHexString(),
      postId,
      text: post.text,
    });
    return (await this.views(actor, [post]))[0];
  }

  /**
   * The post if the caller may read it: members (anyone for open circles) see published
   * posts; a post under review only its author and the circle's admins.
   */
  async access(actor: Actor, postId: Types.ObjectId): Promise<PostAccess> {
    const post = await this.findLive(postId);
    const role = await this.requireReader(actor, post.circleId.toHexString());
    if (post.status !== 'published' && !post.authorId.equals(actor.userId) && !roleSatisfies(role, 'admin'))
      throw notFound('动态');
    return { post, role };
  }

  /** A live, published post (for likes, comments and reports: routes whose guard checked the id). */
  async findPublished(postId: string): Promise<PostRecord> {
    const post = await this.findLive(oid(postId));
    if (post.status !== 'published') throw notFound('动态');
    return post;
  }

  async softDelete(postId: Types.ObjectId, by: string): Promise<void> {
    const removed = await this.posts
      .findOneAndUpdate(
        { _id: postId, deletedAt: null },
        { $set: { deletedAt: this.clock.now(), deletedBy: oid(by) } },
        { returnDocument: 'after' },
      )
      .lean<PostRecord>();
    if (removed && !removed.authorId.equals(by)) await this.publishModerated(removed, by, 'removed');
  }

  private async publishModerated(post: PostRecord, by: string, action: 'pinned' | 'featured' | 'removed') {
    await this.bus.publish('post.moderated', {
      circleId: post.circleId.toHexString(),
      actorId: by,
      postId: post._id.toHexString(),
      authorId: post.authorId.toHexString(),
      action,
    });
  }

  /** Posts by id, deleted ones included (report queues show what was removed). */
  async findAnyByIds(ids: Types.ObjectId[]): Promise<Map<string, PostRecord>> {
    const rows = await this.posts.find({ _id: trusted({ $in: ids }) }).lean<PostRecord[]>();
    return new Map(rows.map((p) => [p._id.toHexString(), p]));
  }

  async views(actor: Actor, posts: PostRecord[]): Promise<PostView[]> {
    if (posts.length === 0) return [];
    const [users, liked] = await Promise.all([
      this.users.summaries(posts.map((p) => p.authorId.toHexString())),
      this.likes
        .find({ userId: oid(actor.userId), postId: trusted({ $in: posts.map((p) => p._id) }) }, { postId: 1 })
        .lean<{ postId: Types.ObjectId }[]>(),
    ]);
    const likedIds = new Set(liked.map((l) => l.postId.toHexString()));
    return posts.map((p) => toPostView(p, users, likedIds.has(p._id.toHexString())));
  }

  /** NOT_FOUND for a missing circle; FORBIDDEN for a non-member of a closed circle. */
  private async requireReader(actor: Actor, circleId: string): Promise<CircleRole | null> {
    // Independent reads: one round trip of latency instead of two.
    const [circle, role] = await Promise.all([
      this.circles.findCircle(oid(circleId)),
      this.memberships.activeRole(circleId, actor.userId),
    ]);
    if (circle.joinPolicy !== 'open' && !role) throw forbidden('加入圈子后才能查看动态');
    return role;
  }

  private async findLive(postId: Types.ObjectId): Promise<PostRecord> {
    const post = await this.posts.findOne({ _id: postId, deletedAt: null }).lean<PostRecord>();
    if (!post) throw notFound('动态');
    return post;
  }
}
