import Taro from '@tarojs/taro';
import { POST_EDIT_WINDOW_MS, type PostView } from '@quanzi/contract';
import { chooseAction, confirm, toastDone } from '../utils/confirm';
import { CircleEvents } from './circles';
import { api } from './http';

export type PostChange =
  | { kind: 'updated'; post: PostView }
  | { kind: 'deleted'; postId: string }
  /** The author chose 编辑: the caller opens the editor (the post page). */
  | { kind: 'edit'; post: PostView };

/** Authors may edit within 24 h of posting (the server decides; this only hides the menu item). */
export function canStillEdit(post: PostView, now = Date.now()): boolean {
  return now - new Date(post.createdAt).getTime() < POST_EDIT_WINDOW_MS;
}

export interface PostRights {
  /** Circle admin or owner: pin, digest, delete any post. */
  moderate: boolean;
  /** The caller wrote the post: may delete it. */
  author: boolean;
}

export const REPORT_REASONS = ['垃圾广告', '色情低俗', '违法违规', '人身攻击', '虚假信息', '其他'] as const;

/** Deletes after a confirmation; true when it is gone. */
export async function deletePostWithConfirm(post: PostView): Promise<boolean> {
  const ok = await confirm({
    title: '删除动态',
    content: '删除后所有人都看不到这条动态，且无法恢复。',
    confirmText: '删除',
    danger: true,
  });
  if (!ok) return false;
  try {
    await api.deletePost(post.id);
    toastDone('已删除');
    Taro.eventCenter.trigger(CircleEvents.postDeleted, post.id);
    return true;
  } catch {
    return false;
  }
}

/** Pins / unpins or marks / unmarks 精华 after a confirmation. */
export async function togglePostFlag(post: PostView, flag: 'pinned' | 'digest'): Promise<PostView | null> {
  const on = !post[flag];
  const what = flag === 'pinned' ? '置顶' : '精华';
  const ok = await confirm({
    title: on ? `设为${what}` : `取消${what}`,
    content: on
      ? flag === 'pinned'
        ? '置顶后这条动态会显示在圈子动态的最前面。'
        : '设为精华后，圈友可以在「精华」里找到它。'
      : `确定取消这条动态的${what}吗？`,
  });
  if (!ok) return null;
  try {
    const next = await api.updatePost(post.id, flag === 'pinned' ? { pinned: on } : { digest: on });
    toastDone(on ? `已${what}` : `已取消${what}`);
    return next;
  } catch {
    return null;
  }
}

/** The ··· menu of a post for its author or a circle admin: pin, digest, edit (author, 24 h), delete. */
export async function managePost(post: PostView, rights: PostRights): Promise<PostChange | null> {
  const actions: { label: string; run: () => Promise<PostChange | null> }[] = [];
  if (rights.moderate) {
    actions.push({
      label: post.pinned ? '取消置顶' : '置顶',
      run: async () => {
        const next = await togglePostFlag(post, 'pinned');
        return next ? { kind: 'updated', post: next } : null;
      },
    });
    actions.push({
      label: post.digest ? '取消精华' : '设为精华',
      run: async () => {
        const next = await togglePostFlag(post, 'digest');
        return next ? { kind: 'updated', post: next } : null;
      },
    });
  }
  if (rights.author && canStillEdit(post)) {
    actions.push({ label: '编辑', run: () => Promise.resolve({ kind: 'edit', post }) });
  }
  if (rights.moderate || rights.author) {
    actions.push({
      label: '删除',
      run: async () => ((await deletePostWithConfirm(post)) ? { kind: 'deleted', postId: post.id } : null),
    });
  }
  if (actions.length === 0) return null;
  const index = await chooseAction(actions.map((a) => a.label));
  if (index === null) return null;
  return actions[index].run();
}
