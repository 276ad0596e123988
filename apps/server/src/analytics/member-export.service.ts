import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { DirectJoinChannel } from '@quanzi/contract';
import { Model } from 'mongoose';
import { CircleExtensions } from '../circles/circle-extensions';
import { MembershipsRepository } from '../circles/memberships.repository';
import { shanghaiMinute } from '../common/china-time';
import { toCsv } from '../common/csv';
import { oid } from '../common/object-id';
import { UsersService } from '../users/users.service';
import { MemberScore, type MemberScoreRecord } from './analytics.schema';

const SOURCE_WORDS: Record<string, string> = {
  manual: '手动',
  invite: '邀请链接',
  event: '活动',
  poll: '问卷',
  rule: '规则',
};

/** The member export: who joined when and how, their tags with sources, and their engagement. */
@Injectable()
export class MemberExportService {
  constructor(
    @InjectModel(MemberScore.name) private readonly scores: Model<MemberScore>,
    private readonly memberships: MembershipsRepository,
    private readonly extensions: CircleExtensions,
    private readonly users: UsersService,
  ) {}

  async csv(circleId: string): Promise<string> {
    const rows = await this.memberships.exportRows(circleId);
    const tagIds = [...new Set(rows.flatMap((r) => r.tags.map((t) => t.tagId)))];
    const [users, tagNames, scores] = await Promise.all([
      this.users.summaries(rows.map((r) => r.userId)),
      tagIds.length ? this.extensions.tags.describe(circleId, tagIds) : new Map<string, { name: string }>(),
      this.scores.find({ circleId: oid(circleId) }).lean<MemberScoreRecord[]>(),
    ]);
    const scoreOf = new Map(scores.map((s) => [s.userId.toHexString(), s]));
    const header = ['昵称', '加入时间', '加入渠道', '标签（来源）', '分群', '评分', '最近活跃'];
    const lines = rows.map((r) => {
      const s = scoreOf.get(r.userId);
      const tags = r.tags
        .filter((t) => tagNames.has(t.tagId))
        .map(
          (t) => `${tagNames.get(t.tagId)!.name}（${SOURCE_WORDS[t.kind] ?? t.kind}${t.label ? `：${t.label}` : ''}）`,
        )
        .join('；');
      return [
        users.get(r.userId)?.nickname ?? '已注销用户',
        shanghaiMinute(r.joinedAt),
        r.channel ?? DirectJoinChannel,
        tags,
        s?.segment ?? '',
        s ? String(s.score) : '',
        shanghaiMinute(s?.lastActiveAt),
      ];
    });
    return toCsv([header, ...lines]);
  }
}
