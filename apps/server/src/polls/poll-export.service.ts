import { createHmac, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { ApiRoutes, type PollExportLink } from '@quanzi/contract';
import { Model, Types } from 'mongoose';
import type { Actor } from '../auth/actor';
import { requireRole } from '../auth/circle-access.registry';
import { MembershipsService } from '../circles/memberships.service';
import { toCsv } from '../common/csv';
import { forbidden, unauthenticated } from '../common/domain-error';
import { Settings } from '../config/settings';
import { UsersService } from '../users/users.service';
import type { PollExportQueryDto } from './dto/poll.dto';
import { PollResponse, type PollQuestion, type StoredAnswer } from './polls.schema';
import { PollsService } from './polls.service';
import { Clock } from '../common/clock';

const LINK_TTL_SECONDS = 10 * 60;

function cellOf(q: PollQuestion, a: StoredAnswer | undefined): string {
  if (!a) return '';
  if (q.type === 'text') return a.text ?? '';
  if (q.type === 'rating') return a.rating !== undefined ? String(a.rating) : '';
  const labels = new Map(q.options.map((o) => [o.id, o.label]));
  return (a.optionIds ?? []).map((id) => labels.get(id) ?? id).join('；');
}

type Row = { _id: string; userId?: Types.ObjectId; day: string; respondedAt?: Date; answers: StoredAnswer[] };

/**
 * Admins: every response as CSV. Named polls lead with the member's nickname; anonymous polls
 * have no name column (the responses hold no user to name) and come out in random-id order,
 * so row order says nothing about who answered when.
 */
@Injectable()
export class PollExportService {
  constructor(
    @InjectModel(PollResponse.name) private readonly responses: Model<PollResponse>,
    private readonly polls: PollsService,
    private readonly users: UsersService,
    private readonly memberships: MembershipsService,
    private readonly settings: Settings,
    private readonly clock: Clock,
  ) {}

  /** Admins (route guard): a link signed for this admin, valid for ten minutes. */
  link(actor: Actor, pollId: string): PollExportLink {
    const exp = Math.floor(this.clock.nowMs() / 1000) + LINK_TTL_SECONDS;
    const query = `uid=${actor.userId}&exp=${exp}&sig=${this.sign(pollId, actor.userId, String(exp))}`;
    const path = `${ApiRoutes.pollExport(pollId)}?${query}`;
    return { url: `${this.settings.publicBaseUrl}${path}`, path, expiresAt: new Date(exp * 1000).toISOString() };
  }

  /**
   * A bearer token or a signed link; either way the user must be an admin of the circle now,
   * so a link stops working when its admin loses the role.
   */
  async download(actor: Actor | undefined, pollOid: Types.ObjectId, query: PollExportQueryDto): Promise<string> {
    const pollId = pollOid.toHexString();
    const poll = await this.polls.find(pollOid);
    let userId: string;
    if (query.sig !== undefined || query.uid !== undefined || query.exp !== undefined) {
      const { uid = '', exp = '', sig = '' } = query;
      const expected = Buffer.from(this.sign(pollId, uid, exp));
      const given = Buffer.from(sig);
      const valid =
        expected.length === given.length && timingSafeEqual(expected, given) && Number(exp) * 1000 > this.clock.nowMs();
      if (!valid) throw forbidden('导出链接已失效，请重新生成');
      userId = uid;
    } else if (actor) {
      userId = actor.userId;
    } else {
      throw unauthenticated();
    }
    requireRole(await this.memberships.activeRole(poll.circleId.toHexString(), userId), 'admin');
    return this.csv(pollId);
  }

  async csv(pollId: string): Promise<string> {
    const poll = await this.polls.find(pollId);
    const rows = await this.responses
      .find({ pollId: poll._id })
      .sort(poll.anonymous ? { _id: 1 } : { respondedAt: 1, _id: 1 })
      .lean<Row[]>();
    const names = poll.anonymous ? new Map() : await this.users.summaries(rows.map((r) => r.userId!.toHexString()));
    const header = [
      ...(poll.anonymous ? [] : ['昵称']),
      '日期',
      ...poll.questions.map((q, i) => `${i + 1}. ${q.title}`),
    ];
    const lines = rows.map((r) => [
      ...(poll.anonymous ? [] : [names.get(r.userId!.toHexString())?.nickname ?? '']),
      r.day,
      ...poll.questions.map((q) =>
        cellOf(
          q,
          r.answers.find((a) => a.questionId === q.id),
        ),
      ),
    ]);
    return toCsv([header, ...lines]);
  }

  private sign(pollId: string, userId: string, exp: string): string {
    return createHmac('sha256', this.settings.jwtSecret)
      .update(`poll-export:${pollId}:${userId}:${exp}`)
      .digest('base64url');
  }
}
