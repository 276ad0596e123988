import type { TagRuleCountMode } from '@quanzi/contract';
import { shanghaiDay } from '../common/china-time';

export const DAY_MS = 86_400_000;

/** The progress filter for "within `windowDays` days up to `at`", for either count mode. */
export function windowRange(
  countBy: TagRuleCountMode,
  windowDays: number,
  at: Date,
): { field: 'at'; from: Date; to: Date } | { field: 'day'; from: string; to: string } {
  if (countBy === 'days') {
    // Calendar days in China time: today and the windowDays − 1 days before it.
    return { field: 'day', from: shanghaiDay(new Date(at.getTime() - (windowDays - 1) * DAY_MS)), to: shanghaiDay(at) };
  }
  // A rolling window: strictly after at − windowDays, up to and including `at`.
  return { field: 'at', from: new Date(at.getTime() - windowDays * DAY_MS), to: at };
}

/**
 * Whether any window of `windowDays` days in a member's history holds `threshold` units (or
 * distinct days): the backfill's question, answered with a sliding window over sorted times.
 */
export function everReached(countBy: TagRuleCountMode, threshold: number, windowDays: number, times: Date[]): boolean {
  if (countBy === 'days') {
    const days = [...new Set(times.map((t) => Date.parse(shanghaiDay(t)) / DAY_MS))].sort((a, b) => a - b);
    for (let i = threshold - 1; i < days.length; i += 1)
      if (days[i] - days[i - threshold + 1] <= windowDays - 1) return true;
    return false;
  }
  const ms = times.map((t) => t.getTime()).sort((a, b) => a - b);
  for (let i = threshold - 1; i < ms.length; i += 1)
    if (ms[i] - ms[i - threshold + 1] < windowDays * DAY_MS) return true;
  return false;
}
