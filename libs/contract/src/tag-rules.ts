import type { Id, IsoTime, PageQuery } from './common';

/**
 * What a tag rule counts, one unit per…:
 * - `checkin`: event checked in at (checkin.recorded) · `registration`: event signed up for
 *   (registration.confirmed) · `poll_response`: poll answered (poll.responded)
 * - `post`: post published (post.created) · `comment`: comment published (comment.created)
 * - `invite_join`: member brought in through the member's invite (member.joined with an inviter);
 *   credited to the inviter, one per invitee.
 * - `keyword`: a post, comment or chat message of the member containing one of the rule's `keywords`
 *   (whole words for Latin text, substrings for Chinese); tags at once, with the message as the source.
 */
export const TagRuleActivities = [
  'checkin',
  'registration',
  'poll_response',
  'post',
  'comment',
  'invite_join',
  'keyword',
] as const;
export type TagRuleActivity = (typeof TagRuleActivities)[number];

/** `times`: distinct units (events, posts, …); `days`: distinct China-time days with at least one. */
export const TagRuleCountModes = ['times', 'days'] as const;
export type TagRuleCountMode = (typeof TagRuleCountModes)[number];

export const TagRuleTargetTypes = ['event', 'poll', 'post'] as const;
export type TagRuleTargetType = (typeof TagRuleTargetTypes)[number];

/** Which target an activity may be narrowed to (null: none). */
export const TagRuleActivityTarget: Record<TagRuleActivity, TagRuleTargetType | null> = {
  checkin: 'event',
  registration: 'event',
  poll_response: 'poll',
  post: null,
  comment: 'post',
  invite_join: null,
  keyword: null,
};

export const TagRuleLimits = {
  nameMax: 20,
  thresholdMax: 1000,
  windowDaysMax: 365,
  /** A keyword rule: 1 to `keywordsMax` keywords of at most `keywordMax` characters each. */
  keywordsMax: 20,
  keywordMax: 30,
} as const;

export interface TagRuleTarget {
  type: TagRuleTargetType;
  id: Id;
}

/** "When <activity> happens `threshold` times (or on that many days) within `windowDays` days → add `tagId`." */
export interface TagRuleView {
  id: Id;
  circleId: Id;
  name: string;
  activity: TagRuleActivity;
  countBy: TagRuleCountMode;
  threshold: number;
  windowDays: number;
  target: TagRuleTarget | null;
  tagId: Id;
  /** `keyword` rules: what a message must contain; [] for the others. */
  keywords: string[];
  enabled: boolean;
  /** Members this rule has tagged so far. */
  grantedCount: number;
  /** The latest backfill of history under this rule, or null when none was asked for. */
  backfill: TagRuleBackfillView | null;
  createdAt: IsoTime;
  updatedAt: IsoTime;
}

export interface CreateTagRuleRequest {
  name: string;
  activity: TagRuleActivity;
  /** Default `times`. */
  countBy?: TagRuleCountMode;
  threshold: number;
  windowDays: number;
  target?: TagRuleTarget | null;
  tagId: Id;
  /** Required (1+) for `keyword` rules, refused for the others; threshold and window do not apply to them. */
  keywords?: string[];
  /** Default true. */
  enabled?: boolean;
}

/** Editing changes what happens from now on; members are re-evaluated on history only by a backfill. */
export type UpdateTagRuleRequest = Partial<CreateTagRuleRequest>;

export type TagRuleListQuery = PageQuery;

export const TagRuleBackfillStatuses = ['queued', 'running', 'done', 'failed'] as const;
export type TagRuleBackfillStatus = (typeof TagRuleBackfillStatuses)[number];

/**
 * `POST /api/circles/:id/tag-rules/:ruleId/backfill` (202): history is re-evaluated under the rule as
 * it is now by a durable job; the rule's `backfill` shows how it went. Asking again while one is
 * queued or running answers that one.
 */
export interface TagRuleBackfillView {
  status: TagRuleBackfillStatus;
  requestedAt: IsoTime;
  finishedAt: IsoTime | null;
  /** Members with any counted activity in the circle's history (when done). */
  membersEvaluated: number | null;
  /** Members newly tagged by this backfill; already tagged ones are not counted again (when done). */
  newlyTagged: number | null;
  /** Why the last attempt failed (it is retried). */
  error: string | null;
}
