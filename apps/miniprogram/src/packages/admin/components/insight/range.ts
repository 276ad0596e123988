import type { AnalyticsRangeQuery } from '@quanzi/contract';

/** The preset ranges of the 数据 pages, in days ending today (China time), or a custom range. */
export type RangePreset = '7' | '30' | '90' | 'custom';

const DAY_MS = 24 * 3600 * 1000;

/** `YYYY-MM-DD` of a moment in China time (the server keys its rollups by China days). */
export function chinaDay(ms: number): string {
  return new Date(ms + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

/** The last `days` China days up to and including today's. */
export function lastDays(days: number, now = Date.now()): AnalyticsRangeQuery {
  return { from: chinaDay(now - (days - 1) * DAY_MS), to: chinaDay(now) };
}

/** `12-08` for a day key (charts and tables of one range rarely span years). */
export function shortDay(day: string): string {
  return day.slice(5);
}

/** 0.42 → `42%`. */
export function percent(ratio: number): string {
  return `${Math.round(ratio * 100)}%`;
}

/** A stable colour per channel name, in the order channels first appear. */
const PALETTE = ['#4F6BED', '#F5A623', '#2BB673', '#E5484D', '#8E59FF', '#00A3BF', '#D9488F', '#7A8090'];

export function channelColours(channels: string[]): Record<string, string> {
  return Object.fromEntries(channels.map((c, i) => [c, PALETTE[i % PALETTE.length]]));
}
