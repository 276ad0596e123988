import type { EventSummaryView } from '@quanzi/contract';

const SHANGHAI_MS = 8 * 3600 * 1000;
const WEEK = ['日', '一', '二', '三', '四', '五', '六'];

/** Wall-clock parts in Asia/Shanghai (fixed +8, no DST), whatever the device's zone. */
function parts(iso: string) {
  const d = new Date(new Date(iso).getTime() + SHANGHAI_MS);
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    date: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
    md: `${d.getUTCMonth() + 1}月${d.getUTCDate()}日`,
    week: `周${WEEK[d.getUTCDay()]}`,
    time: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`,
  };
}

/** 10月1日 周二 09:00 */
export function eventTime(iso: string): string {
  const p = parts(iso);
  return `${p.md} ${p.week} ${p.time}`;
}

/** 10月1日 周二 09:00 – 17:00 (or – 10月2日 …) */
export function eventRange(e: Pick<EventSummaryView, 'startAt' | 'endAt'>): string {
  const a = parts(e.startAt);
  const b = parts(e.endAt);
  return a.date === b.date ? `${eventTime(e.startAt)} – ${b.time}` : `${eventTime(e.startAt)} – ${eventTime(e.endAt)}`;
}

/** For <Picker mode='date'/'time'> and back: 'YYYY-MM-DD' + 'HH:mm' in Shanghai ↔ ISO. */
export function toLocalInputs(iso: string | null | undefined): { date: string; time: string } {
  if (!iso) return { date: '', time: '' };
  const p = parts(iso);
  return { date: p.date, time: p.time };
}

export function fromLocalInputs(date: string, time: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time)) return null;
  const [y, m, d] = date.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  return new Date(Date.UTC(y, m - 1, d, hh, mm) - SHANGHAI_MS).toISOString();
}

export function priceLabel(fen: number): string {
  return fen === 0 ? '免费' : `¥${(fen / 100).toFixed(2).replace(/\.00$/, '')}`;
}

export const eventStatusLabel = { draft: '草稿', published: '报名中', cancelled: '已取消', ended: '已结束' } as const;
