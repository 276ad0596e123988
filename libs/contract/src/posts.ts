import type { Id, IsoTime, PageQuery } from './common';

/** `under_review`: WeChat's content check asked for a human look; hidden until an admin approves. */
export const ContentStatuses = ['published', 'under_review'] as const;
export type ContentStatus = (typeof ContentStatuses)[number];

export const PostLimits = {
  textMax: 5000,
  imagesMax: 9,
  imageUrlMax: 512,
  topicMax: 20,
  commentTextMax: 1000,
  reportReasonMax: 200,
} as const;

/** The author as shown next to a post or comment. */
export interface AuthorView {
  id: Id;
  nickname: string;
  avatarUrl: string | null;
}

export interface PostView {
  id: Id;
  circleId: Id;
  author: AuthorView;
  text: string;
  images: string[];
  topic: string | null;
  pinned: boolean;
  digest: boolean;
  status: ContentStatus;
  likeCount: number;
  commentCount: number;
  likedByMe: boolean;
  createdAt: IsoTime;
  /** Set when the author edited the post (within 24 h of posting); admins read the history. */
  editedAt: IsoTime | null;
}

/** One earlier version of an edited post (`GET /api/posts/:id/edits`, admins). */
export interface PostEditView {
  text: string;
  images: string[];
  /** When this version was replaced. */
  replacedAt: IsoTime;
}

/** Authors may edit their post for this long after posting. */
export const POST_EDIT_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface CreatePostRequest {
  text: string;
  images?: string[];
  topic?: string;
}

/** `PATCH /api/posts/:id`: 置顶 / 精华 (admins); text / images (the author, within 24 h). */
export interface UpdatePostRequest {
  pinned?: boolean;
  digest?: boolean;
  text?: string;
  images?: string[];
}

/** `GET /api/circles/:id/posts`: pinned first, then newest. `status=under_review` is for admins. */
export interface FeedQuery extends PageQuery {
  digest?: boolean;
  topic?: string;
  status?: ContentStatus;
  /** Posts whose text or topic contains this (case-insensitive; Chinese substrings match). */
  q?: string;
}

export interface LikeResponse {
  liked: boolean;
  likeCount: number;
}

export interface CommentView {
  id: Id;
  postId: Id;
  author: AuthorView;
  text: string;
  /** The top-level comment this reply sits under (one level of replies); null for top level. */
  replyToId: Id | null;
  /** Whom a reply answers (the author of the comment replied to). */
  replyToUser: AuthorView | null;
  status: ContentStatus;
  createdAt: IsoTime;
  /** Replies, oldest first (top-level comments only; empty on replies). */
  replies: CommentView[];
}

export interface CreateCommentRequest {
  text: string;
  /** Any comment of the same post; a reply to a reply lands under the same top-level comment. */
  replyToId?: string;
}

/** `GET /api/circles/:id/comments?status=under_review` (admins): comments waiting for review. */
export interface CommentQueueQuery extends PageQuery {
  status?: ContentStatus;
}

export const ReportStatuses = ['open', 'resolved'] as const;
export type ReportStatus = (typeof ReportStatuses)[number];
/** `dismiss`: the post stays; `remove`: the post is deleted. Either closes every open report on it. */
export const ReportActions = ['dismiss', 'remove'] as const;
export type ReportAction = (typeof ReportActions)[number];

export interface CreateReportRequest {
  reason: string;
}

export interface ReportedPostView {
  id: Id;
  author: AuthorView;
  text: string;
  images: string[];
  deleted: boolean;
}

export interface ReportView {
  id: Id;
  circleId: Id;
  post: ReportedPostView;
  reporter: AuthorView;
  reason: string;
  status: ReportStatus;
  resolution: ReportAction | null;
  createdAt: IsoTime;
  resolvedAt: IsoTime | null;
}

export interface ReportQueueQuery extends PageQuery {
  status?: ReportStatus;
}

export interface ResolveReportRequest {
  action: ReportAction;
}
