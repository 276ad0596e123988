import type { NotificationKind } from '@quanzi/contract';

/** How each kind shows in the inbox and the settings: a one-character icon and a short label. */
export const KindMeta: Record<NotificationKind, { glyph: string; label: string }> = {
  registration_approved: { glyph: '报', label: '报名通过' },
  registration_rejected: { glyph: '报', label: '报名未通过' },
  registration_promoted: { glyph: '补', label: '候补成功' },
  event_cancelled: { glyph: '活', label: '活动取消' },
  event_reminder: { glyph: '醒', label: '活动提醒' },
  event_changed: { glyph: '活', label: '活动变动' },
  order_paid: { glyph: '付', label: '支付成功' },
  order_refunded: { glyph: '退', label: '退款' },
  broadcast: { glyph: '告', label: '圈子通知' },
  join_approved: { glyph: '圈', label: '入圈通过' },
  join_rejected: { glyph: '圈', label: '入圈未通过' },
  comment_replied: { glyph: '评', label: '评论回复' },
  post_pinned: { glyph: '顶', label: '动态置顶' },
  post_featured: { glyph: '精', label: '动态精华' },
  post_removed: { glyph: '删', label: '动态删除' },
  poll_closed: { glyph: '投', label: '投票结束' },
  chat_announcement: { glyph: '群', label: '活动群公告' },
};

/** Kinds grouped for the settings page's switches. */
export const KindGroups: Array<{ title: string; kinds: NotificationKind[] }> = [
  {
    title: '活动',
    kinds: [
      'registration_approved',
      'registration_rejected',
      'registration_promoted',
      'event_changed',
      'event_cancelled',
      'event_reminder',
      'chat_announcement',
    ],
  },
  { title: '圈子', kinds: ['join_approved', 'join_rejected', 'broadcast', 'poll_closed'] },
  { title: '动态', kinds: ['comment_replied', 'post_pinned', 'post_featured', 'post_removed'] },
  { title: '支付', kinds: ['order_paid', 'order_refunded'] },
];
