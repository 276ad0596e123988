import type { BroadcastLink, BroadcastStats, BroadcastView } from '@quanzi/contract';
import type { BroadcastRecord } from './broadcasts.schema';

/** Where a linked post, event or poll opens in the mini-program. */
export function pageOf(link: BroadcastLink | null): string | null {
  if (!link) return null;
  if (link.type === 'post') return `/pages/post/index?id=${link.id}`;
  if (link.type === 'event') return `/packages/events/detail/index?id=${link.id}`;
  return `/packages/polls/answer/index?id=${link.id}`;
}

export function toBroadcastView(b: BroadcastRecord): BroadcastView {
  return {
    id: b._id.toHexString(),
    circleId: b.circleId.toHexString(),
    title: b.title,
    body: b.body,
    link: b.link,
    audience: b.audience,
    status: b.status,
    audienceCount: b.audienceCount,
    sendAt: b.sendAt.toISOString(),
    createdAt: b.createdAt.toISOString(),
    sentAt: b.sentAt ? b.sentAt.toISOString() : null,
    cancelledAt: b.cancelledAt ? b.cancelledAt.toISOString() : null,
  };
}

/** One row per (state, reason, push, pushError) with how many recipients share it. */
export interface DeliveryTally {
  state: string;
  reason: string | null;
  push: string;
  pushError: string | null;
  n: number;
}

export function toStats(tallies: DeliveryTally[], opened: { read: number; clicked: number }): BroadcastStats {
  const stats: BroadcastStats = {
    audience: 0,
    delivered: 0,
    skipped: {},
    subscribeSent: 0,
    subscribeFailed: 0,
    subscribeErrors: {},
    subscribeHeld: 0,
    read: opened.read,
    clicked: opened.clicked,
  };
  for (const t of tallies) {
    stats.audience += t.n;
    if (t.state === 'delivered') stats.delivered += t.n;
    if (t.state === 'skipped') stats.skipped[t.reason ?? 'other'] = (stats.skipped[t.reason ?? 'other'] ?? 0) + t.n;
    if (t.push === 'sent') stats.subscribeSent += t.n;
    if (t.push === 'held') stats.subscribeHeld += t.n;
    if (t.push === 'failed') {
      stats.subscribeFailed += t.n;
      const code = t.pushError ?? 'unknown';
      stats.subscribeErrors[code] = (stats.subscribeErrors[code] ?? 0) + t.n;
    }
  }
  return stats;
}
