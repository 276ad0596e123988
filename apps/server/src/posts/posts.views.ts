import type { AuthorView, CommentView, PostView, ReportView } from '@quanzi/contract';
import type { UserSummary } from '../users/users.service';
import type { CommentRecord, PostRecord, ReportRecord } from './posts.schema';

export function toAuthorView(id: string, user: UserSummary | undefined): AuthorView {
  // A deleted account keeps its content; show a placeholder rather than fail the feed.
  return user ?? { id, nickname: '已注销用户', avatarUrl: null };
}

const author = (users: Map<string, UserSummary>, id: { toHexString(): string }) =>
  toAuthorView(id.toHexString(), users.get(id.toHexString()));

export function toPostView(p: PostRecord, users: Map<string, UserSummary>, likedByMe: boolean): PostView {
  return {
    id: p._id.toHexString(),
    circleId: p.circleId.toHexString(),
    author: author(users, p.authorId),
    text: p.text,
    images: p.images ?? [],
    topic: p.topic ?? null,
    pinned: p.pinned,
    digest: p.digest,
    status: p.status,
    likeCount: p.likeCount,
    commentCount: p.commentCount,
    likedByMe,
    createdAt: p.createdAt.toISOString(),
    editedAt: p.editedAt ? p.editedAt.toISOString() : null,
  };
}

export function toCommentView(
  c: CommentRecord,
  users: Map<string, UserSummary>,
  replies: CommentView[] = [],
): CommentView {
  return {
    id: c._id.toHexString(),
    postId: c.postId.toHexString(),
    author: author(users, c.authorId),
    text: c.text,
    replyToId: c.parentId ? c.parentId.toHexString() : null,
    replyToUser: c.replyToUserId ? author(users, c.replyToUserId) : null,
    status: c.status,
    createdAt: c.createdAt.toISOString(),
    replies,
  };
}

export function toReportView(
  r: ReportRecord,
  post: PostRecord | undefined,
  users: Map<string, UserSummary>,
): ReportView {
  return {
    id: r._id.toHexString(),
    circleId: r.circleId.toHexString(),
    post: {
      id: r.postId.toHexString(),
      author: post ? author(users, post.authorId) : toAuthorView('', undefined),
      text: post?.text ?? '',
      images: post?.images ?? [],
      deleted: !post || post.deletedAt !== null,
    },
    reporter: author(users, r.reporterId),
    reason: r.reason,
    status: r.status,
    resolution: r.resolution ?? null,
    createdAt: r.createdAt.toISOString(),
    resolvedAt: r.resolvedAt ? r.resolvedAt.toISOString() : null,
  };
}
