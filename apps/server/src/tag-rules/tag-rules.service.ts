import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import {
  ErrorCode,
  TagRuleActivityTarget,
  type CreateTagRuleRequest,
  type Page,
  type TagRuleBackfillView,
  type TagRuleActivity,
  type TagRuleListQuery,
  type TagRuleView,
  type UpdateTagRuleRequest,
} from '@quanzi/contract';
import { Model, trusted, Types } from 'mongoose';
import { oid } from '../common/object-id';
import { CircleAccessRegistry } from '../auth/circle-access.registry';
import { MEMBER_TAGGER, type MemberTagger } from '../circles/circle-extensions';
import { DomainError, notFound } from '../common/domain-error';
import { decodeIdCursor, encodeCursor, pageSize } from '../common/pagination';
import { TagRuleBackfills, toBackfillView } from './tag-rule-backfills';
import { TagRuleEngine } from './tag-rule-engine';
import { normalizeKeywords } from './tag-rule-keywords';
import { TagRule, TagRuleGrant, type TagRuleRecord } from './tag-rules.schema';

const invalid = (field: string, message: string) =>
  new DomainError(ErrorCode.VALIDATION_FAILED, message, [{ field, message }]);

export function toTagRuleView(rule: TagRuleRecord): TagRuleView {
  return {
    id: rule._id.toHexString(),
    circleId: rule.circleId.toHexString(),
    name: rule.name,
    activity: rule.activity,
    countBy: rule.countBy,
    threshold: rule.threshold,
    windowDays: rule.windowDays,
    target: rule.targetType && rule.targetId ? { type: rule.targetType, id: rule.targetId } : null,
    tagId: rule.tagId.toHexString(),
    keywords: rule.keywords ?? [],
    enabled: rule.enabled,
    grantedCount: rule.grantedCount,
    backfill: rule.backfill ? toBackfillView(rule.backfill) : null,
    createdAt: rule.createdAt.toISOString(),
    updatedAt: rule.updatedAt.toISOString(),
  };
}

/** A keyword rule needs at least one keyword (stored normalized); the other activities take none. */
function keywordsFor(activity: TagRuleActivity, keywords: string[] | undefined): string[] {
  if (activity !== 'keyword') {
    if (keywords?.length) throw invalid('keywords', '只有「关键词」规则可以设置关键词');
    return [];
  }
  const normalized = normalizeKeywords(keywords ?? []);
  if (normalized.length === 0) throw invalid('keywords', '请至少填写一个关键词');
  return normalized;
}

/** Admins' tag rules: definitions here, evaluation in TagRuleEngine. */
@Injectable()
export class TagRulesService {
  constructor(
    @InjectModel(TagRule.name) private readonly rules: Model<TagRule>,
    @InjectModel(TagRuleGrant.name) private readonly grants: Model<TagRuleGrant>,
    @Inject(MEMBER_TAGGER) private readonly tagger: MemberTagger,
    private readonly engine: TagRuleEngine,
    private readonly backfills: TagRuleBackfills,
    private readonly registry: CircleAccessRegistry,
  ) {}

  async create(circleId: string, dto: CreateTagRuleRequest): Promise<TagRuleView> {
    const target = dto.target ?? null;
    await this.assertTargetFits(circleId, dto.activity, target);
    await this.assertTag(circleId, dto.tagId);
    const keywords = keywordsFor(dto.activity, dto.keywords);
    const created = await this.rules.create({
      circleId: oid(circleId),
      name: dto.name,
      activity: dto.activity,
      countBy: dto.countBy ?? 'times',
      threshold: dto.threshold,
      windowDays: dto.windowDays,
      targetType: target?.type ?? null,
      targetId: target?.id ?? null,
      tagId: oid(dto.tagId),
      keywords,
      enabled: dto.enabled ?? true,
    });
    return toTagRuleView(created.toObject<TagRuleRecord>());
  }

  async list(circleId: string, query: TagRuleListQuery): Promise<Page<TagRuleView>> {
    const limit = pageSize(query.limit);
    const after = decodeIdCursor(query.cursor);
    const rows = await this.rules
      .find({
        circleId: oid(circleId),
        ...(after ? { _id: trusted({ $lt: oid(after) }) } : {}),
      })
      .sort({ _id: -1 })
      .limit(limit + 1)
      .lean<TagRuleRecord[]>();
    const items = rows.slice(0, limit);
    const nextCursor = rows.length > limit ? encodeCursor([items[items.length - 1]._id.toHexString()]) : null;
    return { items: items.map(toTagRuleView), nextCursor };
  }

  /** Changes apply to events from now on; past activity is re-read only by `backfill`. */
  async update(circleId: string, ruleId: Types.ObjectId, dto: UpdateTagRuleRequest): Promise<TagRuleView> {
    const current = await this.find(circleId, ruleId);
    const activity = dto.activity ?? current.activity;
    const target =
      dto.target !== undefined
        ? dto.target
        : dto.activity && dto.activity !== current.activity
          ? null
          : toTagRuleView(current).target;
    await this.assertTargetFits(circleId, activity, target);
    if (dto.tagId) await this.assertTag(circleId, dto.tagId);
    // Keywords stay with a keyword rule unless replaced; moving to another activity drops them.
    const keywords = keywordsFor(
      activity,
      dto.keywords ?? (activity === 'keyword' && current.activity === 'keyword' ? current.keywords : undefined),
    );
    const set = {
      keywords,
      ...(dto.name !== undefined ? { name: dto.name } : {}),
      ...(dto.countBy !== undefined ? { countBy: dto.countBy } : {}),
      ...(dto.threshold !== undefined ? { threshold: dto.threshold } : {}),
      ...(dto.windowDays !== undefined ? { windowDays: dto.windowDays } : {}),
      ...(dto.tagId !== undefined ? { tagId: oid(dto.tagId) } : {}),
      ...(dto.enabled !== undefined ? { enabled: dto.enabled } : {}),
      activity,
      targetType: target?.type ?? null,
      targetId: target?.id ?? null,
    };
    const updated = await this.rules
      .findOneAndUpdate({ _id: current._id, circleId: current.circleId }, { $set: set }, { returnDocument: 'after' })
      .lean<TagRuleRecord>();
    if (!updated) throw notFound('标签规则');
    return toTagRuleView(updated);
  }

  /** Tags already granted stay on members (they carry the rule as source); the rule's grant log goes. */
  async remove(circleId: string, ruleId: Types.ObjectId): Promise<void> {
    const rule = await this.find(circleId, ruleId);
    await this.rules.deleteOne({ _id: rule._id, circleId: rule.circleId });
    await this.grants.deleteMany({ ruleId: rule._id });
  }

  async backfill(circleId: string, ruleId: Types.ObjectId): Promise<TagRuleBackfillView> {
    return this.backfills.request(circleId, ruleId);
  }

  private async find(circleId: string, ruleId: Types.ObjectId): Promise<TagRuleRecord> {
    const rule = await this.rules.findOne({ _id: ruleId, circleId: oid(circleId) }).lean<TagRuleRecord>();
    if (!rule) throw notFound('标签规则');
    return rule;
  }

  /** The target must suit the activity and be an event, poll or post of this circle. */
  private async assertTargetFits(
    circleId: string,
    activity: CreateTagRuleRequest['activity'],
    target: CreateTagRuleRequest['target'],
  ): Promise<void> {
    if (!target) return;
    const allowed = TagRuleActivityTarget[activity];
    if (allowed !== target.type) {
      throw invalid('target', allowed ? `「${activity}」的目标应为 ${allowed}` : `「${activity}」不能指定目标`);
    }
    if (!(await this.registry.belongsToCircle(target.type, target.id.toLowerCase(), circleId))) {
      throw invalid('target.id', '目标不存在或不属于本圈子');
    }
  }

  /** The tagger says whether the id is a tag of this circle; its error names the DTO's field. */
  private async assertTag(circleId: string, tagId: string): Promise<void> {
    try {
      await this.tagger.assertTagsExist(circleId, [tagId]);
    } catch (error) {
      if (error instanceof DomainError && error.code === ErrorCode.VALIDATION_FAILED)
        throw invalid('tagId', '标签不存在');
      throw error;
    }
  }
}
