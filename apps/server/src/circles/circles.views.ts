import type { CircleView, MemberTagSummary, MemberView, MyMembershipView } from '@quanzi/contract';
import type { UserSummary } from '../users/users.service';
import type { CircleRecord, MembershipRecord } from './circles.schema';

export function toMyMembershipView(m: MembershipRecord): MyMembershipView {
  return { status: m.status, role: m.role, joinedAt: m.joinedAt ? m.joinedAt.toISOString() : null };
}

export function toCircleView(circle: CircleRecord, mine: MembershipRecord | null): CircleView {
  return {
    id: circle._id.toHexString(),
    name: circle.name,
    description: circle.description ?? '',
    coverUrl: circle.coverUrl ?? null,
    joinPolicy: circle.joinPolicy,
    memberCount: circle.memberCount,
    ownerId: circle.ownerId.toHexString(),
    createdAt: circle.createdAt.toISOString(),
    myMembership: mine ? toMyMembershipView(mine) : null,
    visibility: circle.visibility ?? 'public',
    directoryEnabled: circle.directoryEnabled === true,
  };
}

/** The membership's tag grants with their definitions' names; grants of deleted tags are skipped. */
export function toMemberTags(
  m: MembershipRecord,
  defs: Map<string, { name: string; color: string }>,
): MemberTagSummary[] {
  const tags: MemberTagSummary[] = [];
  for (const grant of m.tags ?? []) {
    const def = defs.get(grant.tagId.toHexString());
    if (!def) continue;
    tags.push({
      id: grant.tagId.toHexString(),
      name: def.name,
      color: def.color,
      source: { kind: grant.source.kind, refId: grant.source.refId ?? null, label: grant.source.label ?? null },
      at: grant.at.toISOString(),
    });
  }
  return tags;
}

export function toMemberView(
  m: MembershipRecord,
  user: UserSummary | undefined,
  tags: MemberTagSummary[] = [],
): MemberView {
  return {
    userId: m.userId.toHexString(),
    circleId: m.circleId.toHexString(),
    // A deleted account keeps its membership row; show a placeholder rather than fail the list.
    nickname: user?.nickname ?? '已注销用户',
    avatarUrl: user?.avatarUrl ?? null,
    role: m.role,
    status: m.status,
    via: {
      inviteCode: m.via?.inviteCode ?? null,
      inviterId: m.via?.inviterId ? m.via.inviterId.toHexString() : null,
      channel: m.via?.channel ?? null,
    },
    tags,
    requestedAt: m.requestedAt.toISOString(),
    joinedAt: m.joinedAt ? m.joinedAt.toISOString() : null,
  };
}
