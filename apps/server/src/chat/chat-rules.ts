import { ChatLimits, type EventStatus } from '@quanzi/contract';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

export type ChatWindow = 'not_open' | 'open' | 'read_only';

/**
 * Where an event's room stands at `now`: open once the admin opened it or from a few hours
 * before the start; read-only some days after the end, and for a cancelled event.
 */
export function chatWindow(
  event: { chatEnabled: boolean; startAt: Date; endAt: Date; status: EventStatus },
  now: Date,
): ChatWindow {
  if (event.status === 'cancelled') return 'read_only';
  if (now.getTime() > event.endAt.getTime() + ChatLimits.readOnlyAfterEndDays * DAY_MS) return 'read_only';
  if (event.chatEnabled) return 'open';
  if (now.getTime() >= event.startAt.getTime() - ChatLimits.opensBeforeStartHours * HOUR_MS) return 'open';
  return 'not_open';
}
