import { InviteLandingPage, type InvitePerson, type InviteState, type InviteView } from '@quanzi/contract';
import type { UserSummary } from '../users/users.service';
import type { InviteRecord } from './invites.schema';

export function inviteState(invite: InviteRecord, now: Date): InviteState {
  if (invite.expiresAt && invite.expiresAt.getTime() <= now.getTime()) return 'expired';
  if (invite.maxUses !== null && invite.maxUses !== undefined && invite.joins >= invite.maxUses) return 'exhausted';
  return 'open';
}

export const toPerson = (id: string, user: UserSummary | undefined): InvitePerson => ({
  id,
  nickname: user?.nickname ?? '已注销用户',
  avatarUrl: user?.avatarUrl ?? null,
});

export function toInviteView(
  invite: InviteRecord,
  inviter: UserSummary | undefined,
  tagDefs: Map<string, { name: string; color: string }>,
  now: Date,
): InviteView {
  const inviterId = invite.inviterId.toHexString();
  return {
    id: invite._id.toHexString(),
    code: invite.code,
    circleId: invite.circleId.toHexString(),
    kind: invite.kind,
    channel: invite.channel,
    tags: (invite.tagIds ?? []).flatMap((id) => {
      const def = tagDefs.get(id.toHexString());
      return def ? [{ id: id.toHexString(), name: def.name, color: def.color }] : [];
    }),
    target: invite.target ? { type: invite.target.type, id: invite.target.id.toHexString() } : null,
    inviter: toPerson(inviterId, inviter),
    expiresAt: invite.expiresAt ? invite.expiresAt.toISOString() : null,
    maxUses: invite.maxUses ?? null,
    clicks: invite.clicks,
    joins: invite.joins,
    state: inviteState(invite, now),
    landingPath: `${InviteLandingPage}?code=${invite.code}`,
    createdAt: invite.createdAt.toISOString(),
  };
}

/** The Chinese message for a closed invite. */
export function closedMessage(state: InviteState): string {
  return state === 'expired' ? '邀请链接已过期' : '邀请名额已用完';
}
