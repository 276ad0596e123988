import type { CircleRole, MemberListQuery, MemberView, MembershipStatus, TagMode, TagView } from '@quanzi/contract';
import { api } from '../../../services/http';
import { chooseAction, confirm, toastDone } from '../../../utils/confirm';

export type RoleFilter = CircleRole | 'all';

/** What the members page filters on; `q` is the submitted search, not the text being typed. */
export interface MemberFilters {
  q: string;
  role: RoleFilter;
  status: MembershipStatus;
  tagIds: string[];
  tagMode: TagMode;
  channel: string;
  /** Engagement segment ('' for all). */
  segment: string;
  sort: 'joined' | 'score';
}

export const DEFAULT_MEMBER_FILTERS: MemberFilters = {
  q: '',
  role: 'all',
  status: 'active',
  tagIds: [],
  tagMode: 'all',
  channel: '',
  segment: '',
  sort: 'joined',
};

/** The list query for the filters (defaults left out; the tag mode only matters with two tags or more). */
export function memberQuery(f: MemberFilters): MemberListQuery {
  return {
    q: f.q || undefined,
    role: f.role === 'all' ? undefined : f.role,
    status: f.status,
    tagIds: f.tagIds.length ? f.tagIds.join(',') : undefined,
    tagMode: f.tagIds.length > 1 ? f.tagMode : undefined,
    channel: f.channel || undefined,
    segment: f.segment || undefined,
    sort: f.sort === 'score' ? 'score' : undefined,
  };
}

/** Whether the list is narrowed by something the admin typed or picked (for the empty state). */
export const isSearching = (f: MemberFilters) => Boolean(f.q || f.tagIds.length || f.channel || f.segment);

/** May the caller (admin, or owner when `isOwner`) manage this member from the list? */
export function canManage(m: MemberView, me: { userId: string | undefined; isOwner: boolean }): boolean {
  return m.userId !== me.userId && m.role !== 'owner' && m.status === 'active' && (me.isOwner || m.role === 'member');
}

/** 设为/取消管理员 after a confirmation; the member as now stored, or null when nothing changed. */
export async function changeRoleWithConfirm(circleId: string, member: MemberView): Promise<MemberView | null> {
  const to = member.role === 'admin' ? 'member' : 'admin';
  const ok = await confirm({
    title: to === 'admin' ? '设为管理员' : '取消管理员',
    content:
      to === 'admin' ? `「${member.nickname}」将可以审核成员、管理动态。` : `「${member.nickname}」将不再是管理员。`,
  });
  if (!ok) return null;
  try {
    const updated = await api.updateMemberRole(circleId, member.userId, { role: to });
    toastDone('已更新');
    return updated;
  } catch {
    return null; // Toasted by the http layer.
  }
}

/** 移出圈子 after a confirmation; true when the member is out. */
export async function removeWithConfirm(circleId: string, member: MemberView): Promise<boolean> {
  const ok = await confirm({
    title: '移除成员',
    content: `确定将「${member.nickname}」移出圈子吗？移除后需重新申请才能加入。`,
    confirmText: '移除',
    danger: true,
  });
  if (!ok) return false;
  try {
    await api.removeMember(circleId, member.userId);
    toastDone('已移除');
    return true;
  } catch {
    return false; // Toasted by the http layer.
  }
}

/** The 管理 menu of a member row: the actions the caller may take on this member. */
export function memberActions(member: MemberView, isOwner: boolean): ('role' | 'remove')[] {
  const actions: ('role' | 'remove')[] = [];
  if (isOwner && member.role !== 'owner' && member.status === 'active') actions.push('role');
  // Admins remove members; only the owner removes an admin, and nobody removes the owner.
  if (member.role !== 'owner' && member.status === 'active' && (isOwner || member.role === 'member'))
    actions.push('remove');
  return actions;
}

export const memberActionLabel = (action: 'role' | 'remove', member: MemberView) =>
  action === 'remove' ? '移出圈子' : member.role === 'admin' ? '取消管理员' : '设为管理员';

/**
 * Picks a tag and adds it to (or removes it from) the checked members after a confirmation;
 * true when the server applied it.
 */
export async function bulkTagWithConfirm(
  circleId: string,
  userIds: string[],
  tags: TagView[],
  action: 'add' | 'remove',
): Promise<boolean> {
  if (userIds.length === 0 || tags.length === 0) return false;
  const index = await chooseAction(tags.map((t) => t.name));
  if (index === null) return false;
  const tag = tags[index];
  const ok = await confirm({
    title: action === 'add' ? '批量添加标签' : '批量移除标签',
    content: `${action === 'add' ? '给' : '从'}选中的 ${userIds.length} 位成员${action === 'add' ? '添加' : '移除'}「${tag.name}」？`,
    danger: action === 'remove',
  });
  if (!ok) return false;
  try {
    const res = await api.bulkTagMembers(circleId, { userIds, [action]: [tag.id] });
    toastDone(action === 'add' ? `已添加 ${res.added} 人` : `已移除 ${res.removed} 人`);
    return true;
  } catch {
    return false; // Toasted by the http layer.
  }
}
