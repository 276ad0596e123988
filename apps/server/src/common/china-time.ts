import type { DayKey } from '@quanzi/contract';

/** China has no daylight saving, so a fixed +8h offset gives Asia/Shanghai wall time. */
export const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The Asia/Shanghai calendar day of an instant, `YYYY-MM-DD`. */
export function shanghaiDay(at: Date): DayKey {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** Asia/Shanghai wall time to the minute, `YYYY-MM-DD HH:mm` (exports); '' for no time. */
export function shanghaiMinute(at: Date | null | undefined): string {
  return at ? new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ') : '';
}
