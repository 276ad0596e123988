import type { TagRuleActivity } from '@quanzi/contract';
import type { DomainEventMap, DomainEventName } from '../bus/domain-events';

/** One countable unit of activity, credited to `userId`. */
export interface RuleHit {
  activity: TagRuleActivity;
  circleId: string;
  userId: string;
  unit: string;
  targetId: string | null;
}

/** The domain events each counted activity is read from (live from the bus, history from the activity log). */
export const EVENTS_OF: Record<Exclude<TagRuleActivity, 'keyword'>, DomainEventName> = {
  checkin: 'checkin.recorded',
  registration: 'registration.confirmed',
  poll_response: 'poll.responded',
  post: 'post.created',
  comment: 'comment.created',
  invite_join: 'member.joined',
};

type Extractors = { [K in DomainEventName]?: (p: DomainEventMap[K]) => Omit<RuleHit, 'circleId'> | null };

const EXTRACT: Extractors = {
  'checkin.recorded': (p) => ({ activity: 'checkin', userId: p.actorId, unit: p.eventId, targetId: p.eventId }),
  'registration.confirmed': (p) => ({
    activity: 'registration',
    userId: p.actorId,
    unit: p.eventId,
    targetId: p.eventId,
  }),
  'poll.responded': (p) => ({ activity: 'poll_response', userId: p.actorId, unit: p.pollId, targetId: p.pollId }),
  'post.created': (p) => ({ activity: 'post', userId: p.actorId, unit: p.postId, targetId: null }),
  'comment.created': (p) => ({ activity: 'comment', userId: p.actorId, unit: p.commentId, targetId: p.postId }),
  // Credited to the inviter, one unit per person brought in; joining through one's own link is no referral.
  'member.joined': (p) =>
    p.inviterId && p.inviterId !== p.actorId
      ? { activity: 'invite_join', userId: p.inviterId, unit: p.actorId, targetId: null }
      : null,
};

/** The unit an event counts for, or null when it counts for no rule. Also reads logged payloads. */
export function hitOf(name: string, payload: unknown): RuleHit | null {
  const extract = EXTRACT[name as DomainEventName] as ((p: unknown) => Omit<RuleHit, 'circleId'> | null) | undefined;
  const circleId = (payload as { circleId?: unknown } | null)?.circleId;
  if (!extract || typeof circleId !== 'string') return null;
  const hit = extract(payload);
  if (!hit || typeof hit.userId !== 'string' || typeof hit.unit !== 'string' || !hit.unit) return null;
  return { ...hit, circleId };
}

/** A member's message a keyword rule reads: the post, comment or chat message and its text. */
export interface KeywordHit {
  circleId: string;
  userId: string;
  messageId: string;
  text: string;
}

/** The events carrying a member's own words, and where their id is. */
export const KEYWORD_EVENTS = ['post.created', 'comment.created', 'chat.message_sent'] as const;

export function keywordHitOf(name: string, payload: unknown): KeywordHit | null {
  const p = (payload ?? {}) as Record<string, unknown>;
  const messageId = name === 'post.created' ? p.postId : name === 'comment.created' ? p.commentId : p.messageId;
  if (!(KEYWORD_EVENTS as readonly string[]).includes(name)) return null;
  if (typeof p.circleId !== 'string' || typeof p.actorId !== 'string' || typeof messageId !== 'string') return null;
  if (typeof p.text !== 'string' || !p.text) return null;
  return { circleId: p.circleId, userId: p.actorId, messageId, text: p.text };
}
