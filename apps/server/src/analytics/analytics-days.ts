import type { DayKey } from '@quanzi/contract';

const DAY_MS = 86_400_000;

const toMs = (day: DayKey) => Date.parse(`${day}T00:00:00Z`);
const fromMs = (ms: number): DayKey => new Date(ms).toISOString().slice(0, 10);

export function addDays(day: DayKey, n: number): DayKey {
  return fromMs(toMs(day) + n * DAY_MS);
}

/** Whole days from `a` to `b` (negative when b is earlier). */
export function daysBetween(a: DayKey, b: DayKey): number {
  return Math.round((toMs(b) - toMs(a)) / DAY_MS);
}

/** The Monday of the (China-time) calendar week holding `day`. */
export function weekOf(day: DayKey): DayKey {
  const weekday = (new Date(toMs(day)).getUTCDay() + 6) % 7; // Monday = 0
  return addDays(day, -weekday);
}

export const weekPeriod = (day: DayKey) => `w:${weekOf(day)}`;
export const monthPeriod = (day: DayKey) => `m:${day.slice(0, 7)}`;

/** Every day from `from` to `to`, inclusive. */
export function eachDay(from: DayKey, to: DayKey): DayKey[] {
  const days: DayKey[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) days.push(d);
  return days;
}

/** Rounded to two decimals; 0 when there is nothing to divide by. */
export const ratio = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 100) / 100 : 0);
