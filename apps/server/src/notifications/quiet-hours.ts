import type { QuietHours } from '@quanzi/contract';
import { SHANGHAI_OFFSET_MS } from '../common/china-time';

const minutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether `at` falls in the window (Asia/Shanghai wall time); a window may wrap midnight. */
export function inQuietHours(quiet: QuietHours | null, at: Date): boolean {
  if (!quiet) return false;
  const start = minutes(quiet.start);
  const end = minutes(quiet.end);
  if (start === end) return false;
  const now = Math.floor(((at.getTime() + SHANGHAI_OFFSET_MS) % 86_400_000) / 60_000);
  return start < end ? now >= start && now < end : now >= start || now < end;
}

/** When the window around `at` ends (the moment a held push may go), or `at` outside it. */
export function quietHoursEnd(quiet: QuietHours | null, at: Date): Date {
  if (!inQuietHours(quiet, at) || !quiet) return at;
  const local = at.getTime() + SHANGHAI_OFFSET_MS;
  const dayStart = local - (local % 86_400_000);
  let end = dayStart + minutes(quiet.end) * 60_000;
  if (end <= local) end += 86_400_000;
  return new Date(end - SHANGHAI_OFFSET_MS);
}
