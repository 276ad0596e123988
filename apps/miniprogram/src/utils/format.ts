import type { CircleRole, JoinPolicy, MembershipStatus } from '@quanzi/contract';

/** 刚刚 / 5分钟前 / 3小时前 / 2天前 / 11-02 / 2025-11-02, in China time. */
export function timeAgo(iso: string, now: number = Date.now()): string {
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return '';
  const diff = Math.max(0, now - t);
  const min = Math.floor(diff / 60000);
  if (min < 1) return '刚刚';
  if (min < 60) return `${min}分钟前`;
  const hours = Math.floor(min / 60);
  if (hours < 24) return `${hours}小时前`;
  const days = Math.floor(hours / 24);
  if (days < 7) return `${days}天前`;
  // Shift to UTC+8 so the date is the one the member sees on the wall.
  const d = new Date(t + 8 * 3600 * 1000);
  const mm = String(d.getUTCMonth() + 1).padStart(2, '0');
  const dd = String(d.getUTCDate()).padStart(2, '0');
  const sameYear = d.getUTCFullYear() === new Date(now + 8 * 3600 * 1000).getUTCFullYear();
  return sameYear ? `${mm}-${dd}` : `${d.getUTCFullYear()}-${mm}-${dd}`;
}

export const joinPolicyLabel: Record<JoinPolicy, string> = {
  open: '公开加入',
  approval: '需审核',
  invite: '仅限邀请',
};

export const joinPolicyHint: Record<JoinPolicy, string> = {
  open: '任何人都可以直接加入',
  approval: '申请后由圈主或管理员审核',
  invite: '只能通过邀请链接加入',
};

export const roleLabel: Record<CircleRole, string> = {
  owner: '圈主',
  admin: '管理员',
  member: '成员',
};

export const memberStatusLabel: Record<MembershipStatus, string> = {
  active: '正常',
  pending: '待审核',
  rejected: '已拒绝',
  removed: '已移除',
  left: '已退出',
};

/** 1234 → 1234, 12345 → 1.2万 */
export function countLabel(n: number): string {
  if (n < 10000) return String(n);
  return `${(n / 10000).toFixed(1).replace(/\.0$/, '')}万`;
}
