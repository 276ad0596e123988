import {
  ApiError,
  type TagRuleActivity,
  type TagRuleCountMode,
  type TagRuleTargetType,
  type TagRuleView,
} from '@quanzi/contract';
import { quietApi } from '../../../services/http';

export const ACTIVITY_LABEL: Record<TagRuleActivity, string> = {
  checkin: '活动签到',
  registration: '活动报名',
  poll_response: '参与投票',
  post: '发布动态',
  comment: '发表评论',
  invite_join: '邀请好友入圈',
  keyword: '发言含关键词',
};

/** What one unit is called in the sentence "N 次…". */
const UNIT_LABEL: Record<TagRuleActivity, string> = {
  checkin: '场',
  registration: '场',
  poll_response: '次',
  post: '条',
  comment: '条',
  invite_join: '人',
  keyword: '次',
};

export const COUNT_MODE_LABEL: Record<TagRuleCountMode, string> = { times: '按次数', days: '按天数' };

export const TARGET_LABEL: Record<TagRuleTargetType, string> = { event: '活动', poll: '投票', post: '动态' };

/** A tag as `GET /api/circles/:id/tags` lists it (owned by the tags module; only these fields are used). */
export interface TagOption {
  id: string;
  name: string;
  color?: string | null;
}

/** 「30 天内活动签到满 3 场 → 核心成员」, 「7 天内有 7 天发布动态 → 活跃」 */
export function ruleSentence(
  rule: Pick<TagRuleView, 'activity' | 'countBy' | 'threshold' | 'windowDays' | 'target'> & { keywords?: string[] },
  tagName: string,
): string {
  // 「动态、评论或聊天含「跑步、yoga」 → 跑步爱好者」: no count and no window.
  if (rule.activity === 'keyword') return `动态、评论或聊天含「${(rule.keywords ?? []).join('、')}」 → ${tagName}`;
  const what =
    rule.countBy === 'days'
      ? `有 ${rule.threshold} 天${ACTIVITY_LABEL[rule.activity]}`
      : `${ACTIVITY_LABEL[rule.activity]}满 ${rule.threshold} ${UNIT_LABEL[rule.activity]}`;
  const target = rule.target ? `（限定${TARGET_LABEL[rule.target.type]}）` : '';
  return `${rule.windowDays} 天内${what}${target} → ${tagName}`;
}

/** Asia/Shanghai calendar date of an ISO time (China has no daylight saving: a fixed +8 h). */
export function shanghaiDate(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

/** Loads the circle's tags; accepts a page `{ items }` or a plain array, whichever the tags module answers. */
export async function loadTags(circleId: string): Promise<TagOption[]> {
  const data = await quietApi.call<unknown>('GET', `/api/circles/${circleId}/tags?limit=100`);
  const rows = Array.isArray(data) ? data : ((data as { items?: unknown[] } | null)?.items ?? []);
  return rows.filter(
    (t): t is TagOption =>
      typeof t === 'object' &&
      t !== null &&
      typeof (t as TagOption).id === 'string' &&
      typeof (t as TagOption).name === 'string',
  );
}

/** Why the tag list could not load, in words for the form. */
export function tagsErrorText(err: unknown): string {
  if (err instanceof ApiError && err.status === 404) return '标签功能暂不可用，请稍后再试';
  if (err instanceof ApiError && err.status === 403) return '没有查看标签的权限';
  return '标签加载失败';
}
