import type { PollView, QuestionType, ResultsVisibility } from '@quanzi/contract';
import { quietApi } from '../../../services/http';

/** Page events so the list stays in step with answers and new polls made on other pages. */
export const PollEvents = {
  /** (poll: PollView) — answered or closed. */
  changed: 'qz:poll-changed',
  /** (circleId: string) — a poll was created in the circle. */
  created: 'qz:poll-created',
} as const;

export const questionTypeLabel: Record<QuestionType, string> = {
  single: '单选',
  multiple: '多选',
  text: '问答',
  rating: '评分',
};

export const visibilityLabel: Record<ResultsVisibility, string> = {
  always: '随时公开',
  after_vote: '投票后可见',
  after_close: '结束后公布',
  admins: '仅管理员可见',
};

/** 11-30 20:00 in Asia/Shanghai (no DST, so a fixed +8h). */
export function shanghaiTime(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 8 * 3600 * 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
}

export function statusText(poll: PollView): string {
  if (poll.closed) return '已结束';
  if (poll.responded) return '已参与';
  return '进行中';
}

export interface TagOption {
  id: string;
  name: string;
}

/**
 * The circle's tags for the option tag picker. The tags module serves them; until it does
 * (404, or any failure) the builder simply offers no tags.
 */
export async function loadCircleTags(circleId: string): Promise<TagOption[] | null> {
  try {
    const data = await quietApi.call<unknown>('GET', `/api/circles/${circleId}/tags`);
    const items: unknown = Array.isArray(data) ? data : (data as { items?: unknown })?.items;
    if (!Array.isArray(items)) return null;
    return items
      .filter(
        (t): t is TagOption =>
          typeof t === 'object' &&
          t !== null &&
          typeof (t as TagOption).id === 'string' &&
          typeof (t as TagOption).name === 'string',
      )
      .map((t) => ({ id: t.id, name: t.name }));
  } catch {
    return null;
  }
}
