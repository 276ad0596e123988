import Taro from '@tarojs/taro';
import type { CircleView } from '@quanzi/contract';
import { confirm, toastDone, toastText } from '../utils/confirm';
import { applyMembership, joinAction } from '../utils/membership';
import { routes } from '../routes';
import { api } from './http';

/** Page events so lists elsewhere stay in step without reloading on every show. */
export const CircleEvents = {
  /** (circle: CircleView) — joined, left, edited. */
  changed: 'qz:circle-changed',
  /** (circleId: string) — a post was published in the circle. */
  postCreated: 'qz:post-created',
  /** (post: PostView) — liked, commented, pinned … on another page. */
  postChanged: 'qz:post-changed',
  /** (postId: string) — a post was deleted. */
  postDeleted: 'qz:post-deleted',
} as const;

export function openCircle(id: string): void {
  goTo(routes.circle({ id }), 'navigate');
}

/**
 * Opens a page URL by pushing it or replacing the current page. A single-circle brand has the
 * circle page as its first tab, which WeChat opens only with switchTab (and without a query: the
 * page then shows the brand's circle).
 */
export function goTo(url: string, how: 'navigate' | 'redirect'): void {
  if (BRAND.singleCircleId && url.split('?')[0] === routes.circleTab())
    void Taro.switchTab({ url: routes.circleTab() });
  else if (how === 'navigate') void Taro.navigateTo({ url });
  else void Taro.redirectTo({ url });
}

/**
 * Joins (or asks to join) from a button; resolves the circle as it now stands, or null when
 * nothing changed. Errors toast through the http layer.
 */
export async function joinFromButton(circle: CircleView): Promise<CircleView | null> {
  const action = joinAction(circle);
  if (action.kind === 'invite-only') {
    toastText('该圈子仅限邀请加入，请通过邀请链接加入');
    return null;
  }
  if (action.kind !== 'join') return null;
  try {
    const membership = await api.joinCircle(circle.id);
    const next = applyMembership(circle, membership);
    if (membership.status === 'active') toastDone('已加入');
    else if (membership.status === 'pending') toastText('已提交申请，等待圈主审核');
    Taro.eventCenter.trigger(CircleEvents.changed, next);
    return next;
  } catch {
    return null;
  }
}

/** Leaves after a confirmation; resolves the circle as it now stands, or null when cancelled or failed. */
export async function leaveWithConfirm(circle: CircleView): Promise<CircleView | null> {
  const ok = await confirm({
    title: '退出圈子',
    content: `确定退出「${circle.name}」吗？退出后将看不到圈内动态。`,
    confirmText: '退出',
    danger: true,
  });
  if (!ok) return null;
  try {
    const membership = await api.leaveCircle(circle.id);
    const next = applyMembership(circle, membership);
    toastText('已退出圈子');
    Taro.eventCenter.trigger(CircleEvents.changed, next);
    return next;
  } catch {
    return null;
  }
}
