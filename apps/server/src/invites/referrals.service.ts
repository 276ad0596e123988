import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { InviteLimits, type ReferralLeaderboard, type ReferralNode, type ReferralTree } from '@quanzi/contract';
import { Model, trusted, type Types } from 'mongoose';
import type { Actor } from '../auth/actor';
import { notFound } from '../common/domain-error';
import { MembershipsRepository } from '../circles/memberships.repository';
import { UsersService } from '../users/users.service';
import type { ReferralTreeQueryDto } from './dto/invite.dto';
import { Invite, Referral, type ReferralRecord } from './invites.schema';
import { toPerson } from './invites.views';
import { oid } from '../common/object-id';

/** Most nodes one tree answer holds (the rest is reported as truncated). */
const TREE_NODES_MAX = 500;

/** Who brought whom: the leaderboard by effective joins and the tree below a member. */
@Injectable()
export class ReferralsService {
  constructor(
    @InjectModel(Referral.name) private readonly referrals: Model<Referral>,
    @InjectModel(Invite.name) private readonly invites: Model<Invite>,
    private readonly memberships: MembershipsRepository,
    private readonly users: UsersService,
  ) {}

  /**
   * Members ranked by personal invitees who are still active members. Reads the circle's edges and the
   * invitees' current status (two indexed queries), so leaving or removal is reflected at once.
   */
  async leaderboard(actor: Actor, circleId: string): Promise<ReferralLeaderboard> {
    // Personal referrals only: joins through an admin's channel link are the channel's, not the admin's.
    const links = await this.invites
      .find({ circleId: oid(circleId), kind: 'link' }, { _id: 1 })
      .lean<{ _id: Types.ObjectId }[]>();
    const edges = await this.referrals
      .find(
        { circleId: oid(circleId), inviteId: trusted({ $nin: links.map((l) => l._id) }) },
        { inviterId: 1, inviteeId: 1 },
      )
      .lean<ReferralRecord[]>();
    const active = await this.memberships.activeAmong(
      circleId,
      edges.map((e) => e.inviteeId.toHexString()),
    );
    const counts = new Map<string, number>();
    for (const e of edges) {
      if (!active.has(e.inviteeId.toHexString())) continue;
      const inviter = e.inviterId.toHexString();
      counts.set(inviter, (counts.get(inviter) ?? 0) + 1);
    }
    const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    // Equal counts share a rank: 1 + how many inviters brought strictly more.
    const rankOf = (joins: number) => 1 + ranked.filter(([, n]) => n > joins).length;
    const top = ranked.slice(0, InviteLimits.leaderboardSize);
    const users = await this.users.summaries(top.map(([id]) => id));
    const mine = counts.get(actor.userId) ?? 0;
    return {
      items: top.map(([id, joins]) => ({ rank: rankOf(joins), user: toPerson(id, users.get(id)), joins })),
      me: { rank: mine > 0 ? rankOf(mine) : null, joins: mine },
    };
  }

  /** Breadth-first walk down the edges from `userId`, level by level, never revisiting a member. */
  async tree(actor: Actor, circleId: string, query: ReferralTreeQueryDto): Promise<ReferralTree> {
    const rootId = (query.userId ?? actor.userId).toLowerCase();
    const depth = query.depth ?? InviteLimits.treeDepthDefault;
    if (!(await this.memberships.exists(circleId, rootId))) throw notFound('成员');

    const children = new Map<string, { id: string; at: Date }[]>();
    const seen = new Set([rootId]);
    let frontier = [rootId];
    let truncated = false;
    for (let level = 1; level <= depth && frontier.length > 0; level += 1) {
      const budget = TREE_NODES_MAX - seen.size;
      const edges = await this.referrals
        .find({ circleId: oid(circleId), inviterId: trusted({ $in: frontier.map(oid) }) })
        .sort({ at: 1, _id: 1 })
        .limit(budget + 1)
        .lean<ReferralRecord[]>();
      if (edges.length > budget) truncated = true;
      const next: string[] = [];
      for (const e of edges.slice(0, budget)) {
        const invitee = e.inviteeId.toHexString();
        if (seen.has(invitee)) continue;
        seen.add(invitee);
        next.push(invitee);
        const list = children.get(e.inviterId.toHexString()) ?? [];
        list.push({ id: invitee, at: e.at });
        children.set(e.inviterId.toHexString(), list);
      }
      if (level === depth && next.length > 0) {
        truncated ||=
          (await this.referrals.exists({ circleId: oid(circleId), inviterId: trusted({ $in: next.map(oid) }) })) !==
          null;
      }
      frontier = next;
    }

    const ids = [...seen];
    const [users, active] = await Promise.all([this.users.summaries(ids), this.memberships.activeAmong(circleId, ids)]);
    const build = (id: string, at: Date | null): ReferralNode => ({
      user: toPerson(id, users.get(id)),
      active: active.has(id),
      joinedAt: at ? at.toISOString() : null,
      children: (children.get(id) ?? []).map((c) => build(c.id, c.at)),
    });
    return { root: build(rootId, null), depth, truncated };
  }
}
