import { shanghaiDay } from '../common/china-time';
import { LIVE_STATUSES, SEAT_STATUSES } from '../events/registration-statuses';

type Row = Record<string, unknown>;

/** One field of a counter document, and where its value comes from in a counted row. */
export interface CounterKey {
  /** Field of the counter document (`_id` for a per-document counter). */
  counter: string;
  /** Field of the row with the same value, or how to derive it from the row's `source` fields. */
  row: string | { source: string[]; derive: (row: Row) => unknown; rowsWith: (value: unknown) => Row };
}

/**
 * A denormalised count: `collection.field` holds how many `rows` documents match `match` and
 * share its key. Every write path changes the rows and the count in one transaction; the audit
 * (`npm run repair-counters`) recounts from the rows and finds any drift.
 */
export interface StoredCounter {
  collection: string;
  field: string;
  rows: string;
  match: Row;
  key: CounterKey[];
  /** The counter document is created by the first row (an upsert): a key with rows but no document drifts too. */
  upsert?: boolean;
}

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The rows whose China day is `day` (`YYYY-MM-DD`), as an `at` range. */
function atOnDay(day: unknown): Row {
  const start = new Date(Date.parse(`${String(day)}T00:00:00Z`) - SHANGHAI_OFFSET_MS);
  return { at: { $gte: start, $lt: new Date(start.getTime() + DAY_MS) } };
}

const byId = (row: string): CounterKey[] => [{ counter: '_id', row }];

/** Every stored counter of the product. A new counter belongs here, or the audit cannot see it drift. */
export const STORED_COUNTERS: readonly StoredCounter[] = [
  {
    collection: 'circles',
    field: 'memberCount',
    rows: 'memberships',
    match: { status: 'active' },
    key: byId('circleId'),
  },
  { collection: 'posts', field: 'likeCount', rows: 'post_likes', match: {}, key: byId('postId') },
  {
    collection: 'posts',
    field: 'commentCount',
    rows: 'comments',
    match: { status: 'published', deletedAt: null },
    key: byId('postId'),
  },
  { collection: 'invites', field: 'clicks', rows: 'invite_clicks', match: {}, key: byId('inviteId') },
  { collection: 'invites', field: 'joins', rows: 'invite_redemptions', match: {}, key: byId('inviteId') },
  { collection: 'polls', field: 'responseCount', rows: 'poll_responses', match: {}, key: byId('pollId') },
  {
    collection: 'ticket_types',
    field: 'sold',
    rows: 'registrations',
    match: { status: { $in: [...SEAT_STATUSES] } },
    key: byId('ticketTypeId'),
  },
  {
    collection: 'ticket_holdings',
    field: 'count',
    rows: 'registrations',
    match: { status: { $in: [...LIVE_STATUSES] } },
    key: [
      { counter: 'ticketTypeId', row: 'ticketTypeId' },
      { counter: 'userId', row: 'userId' },
    ],
  },
  // The room's sequence counter: messages are soft-deleted, so it always equals the room's row count.
  {
    collection: 'chat_rooms',
    field: 'lastSeq',
    rows: 'chat_messages',
    match: {},
    upsert: true,
    key: byId('eventId'),
  },
  { collection: 'tag_rules', field: 'grantedCount', rows: 'tag_rule_grants', match: {}, key: byId('ruleId') },
  {
    collection: 'activity_rollups',
    field: 'count',
    rows: 'activities',
    match: {},
    upsert: true,
    key: [
      { counter: 'circleId', row: 'circleId' },
      { counter: 'day', row: { source: ['at'], derive: (row) => shanghaiDay(row.at as Date), rowsWith: atOnDay } },
      { counter: 'type', row: 'type' },
    ],
  },
  {
    collection: 'analytics_circle_days',
    field: 'dau',
    rows: 'analytics_member_days',
    match: {},
    upsert: true,
    key: [
      { counter: 'circleId', row: 'circleId' },
      { counter: 'day', row: 'day' },
    ],
  },
  {
    collection: 'analytics_circle_periods',
    field: 'active',
    rows: 'analytics_member_periods',
    match: {},
    upsert: true,
    key: [
      { counter: 'circleId', row: 'circleId' },
      { counter: 'period', row: 'period' },
    ],
  },
];
