import { roleSatisfies, type CircleView, type MyMembershipView } from '@quanzi/contract';

export type JoinAction =
  /** Can ask: join at once (open) or request (approval, or a removed member). */
  | { kind: 'join'; label: '加入' | '申请加入' }
  | { kind: 'member'; label: '已加入' }
  | { kind: 'pending'; label: '审核中' }
  | { kind: 'invite-only'; label: '仅限邀请' };

/** What the join button says for this circle and the caller's membership. */
export function joinAction(circle: Pick<CircleView, 'joinPolicy' | 'myMembership'>): JoinAction {
  const m = circle.myMembership;
  if (m?.status === 'active') return { kind: 'member', label: '已加入' };
  if (m?.status === 'pending') return { kind: 'pending', label: '审核中' };
  if (circle.joinPolicy === 'invite') return { kind: 'invite-only', label: '仅限邀请' };
  // A removed member comes back only through approval.
  if (circle.joinPolicy === 'approval' || m?.status === 'removed') return { kind: 'join', label: '申请加入' };
  return { kind: 'join', label: '加入' };
}

export function isActiveMember(m: MyMembershipView | null | undefined): boolean {
  return m?.status === 'active';
}

export function isCircleAdmin(m: MyMembershipView | null | undefined): boolean {
  return m?.status === 'active' && roleSatisfies(m.role, 'admin');
}

/** The circle after a join answer: new membership, and the member count when it became active. */
export function applyMembership(circle: CircleView, membership: MyMembershipView): CircleView {
  const wasActive = isActiveMember(circle.myMembership);
  const nowActive = isActiveMember(membership);
  const delta = nowActive === wasActive ? 0 : nowActive ? 1 : -1;
  return { ...circle, myMembership: membership, memberCount: Math.max(0, circle.memberCount + delta) };
}
