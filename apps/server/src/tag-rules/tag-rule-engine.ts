import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { TagRuleActivity } from '@quanzi/contract';
import { Model, trusted } from 'mongoose';
import { ActivityService } from '../activity/activity.service';
import { shanghaiDay } from '../common/china-time';
import { DomainEventBus } from '../bus/domain-event-bus';
import type { DomainEvent } from '../bus/domain-events';
import { MEMBER_TAGGER, type MemberTagger, type TagGrantSource } from '../circles/circle-extensions';
import { KeyedLock } from '../common/keyed-lock';
import { UnitOfWork } from '../database/unit-of-work';
import { matchKeyword } from './tag-rule-keywords';
import { EVENTS_OF, hitOf, KEYWORD_EVENTS, keywordHitOf, type KeywordHit, type RuleHit } from './tag-rule-hits';
import { everReached, windowRange } from './tag-rule-window';
import { TagRule, TagRuleGrant, TagRuleProgress, type TagRuleRecord } from './tag-rules.schema';
import { Clock } from '../common/clock';
import { isObjectIdHex, oid } from '../common/object-id';

const isDuplicateKey = (error: unknown) => (error as { code?: number })?.code === 11000;

/** The message that matched, as the tag's source: its id, and the rule and keyword in words. */
const messageSource = (rule: TagRuleRecord, hit: KeywordHit, keyword: string): TagGrantSource => ({
  kind: 'message',
  refId: hit.messageId,
  label: `${rule.name}：「${keyword}」`,
});

/**
 * Evaluates tag rules. Live: each domain event an enabled rule of its circle watches is stored as
 * a progress unit, then every such rule counts the member's units in its window and, at the
 * threshold, grants its tag. Backfill: the activity log is replayed into progress and every
 * member's whole history is checked. A grant is claimed by a unique (rule, member, tag) row
 * before the tag is added, so a rule tags a member once even under concurrent events.
 */
@Injectable()
export class TagRuleEngine implements OnModuleInit {
  private readonly lock = new KeyedLock();

  constructor(
    @InjectModel(TagRule.name) private readonly rules: Model<TagRule>,
    @InjectModel(TagRuleProgress.name) private readonly progress: Model<TagRuleProgress>,
    @InjectModel(TagRuleGrant.name) private readonly grants: Model<TagRuleGrant>,
    @Inject(MEMBER_TAGGER) private readonly tagger: MemberTagger,
    private readonly activity: ActivityService,
    private readonly bus: DomainEventBus,
    private readonly clock: Clock,
    private readonly uow: UnitOfWork,
  ) {}

  onModuleInit(): void {
    for (const name of new Set(Object.values(EVENTS_OF))) this.bus.subscribe(name, (event) => this.onEvent(event));
    for (const name of KEYWORD_EVENTS) this.bus.subscribe(name, (event) => this.onWords(event));
  }

  /** Keyword rules: the first message containing a rule's keyword tags its author, the message as the source. */
  async onWords(event: DomainEvent): Promise<void> {
    const hit = keywordHitOf(event.name, event.payload);
    if (!hit || !isObjectIdHex(hit.userId) || !isObjectIdHex(hit.circleId)) return;
    const rules = await this.rules
      .find({ circleId: oid(hit.circleId), activity: 'keyword', enabled: true })
      .lean<TagRuleRecord[]>();
    for (const rule of rules) {
      const keyword = matchKeyword(hit.text, rule.keywords ?? []);
      if (!keyword || (await this.granted(rule, hit.userId))) continue;
      await this.grant(rule, hit.userId, messageSource(rule, hit, keyword));
    }
  }

  async onEvent(event: DomainEvent): Promise<void> {
    const hit = hitOf(event.name, event.payload);
    if (!hit || !isObjectIdHex(hit.userId)) return;
    const rules = await this.rules
      .find({ circleId: oid(hit.circleId), activity: hit.activity, enabled: true })
      .lean<TagRuleRecord[]>();
    if (rules.length === 0) return;
    await this.record(hit, event.at);
    for (const rule of rules) {
      if (rule.targetId && rule.targetId !== hit.targetId) continue;
      if (await this.granted(rule, hit.userId)) continue;
      if ((await this.countInWindow(rule, hit.userId, event.at)) >= rule.threshold) await this.grant(rule, hit.userId);
    }
  }

  /** Re-reads the circle's history for this rule (as it is now) and tags every member who ever qualified. */
  async backfill(rule: TagRuleRecord): Promise<{ membersEvaluated: number; newlyTagged: number }> {
    // Keyword rules act on messages from now on: logged activity rows older than them carry no text.
    if (rule.activity === 'keyword') return { membersEvaluated: 0, newlyTagged: 0 };
    const circleId = rule.circleId.toHexString();
    const timesByUser = new Map<string, Map<string, Date>>();
    for await (const row of this.activity.streamCircleEvents(circleId, [EVENTS_OF[rule.activity]])) {
      const hit = hitOf(row.type, row.data);
      if (!hit || hit.activity !== rule.activity || !isObjectIdHex(hit.userId)) continue;
      await this.record(hit, row.at);
      if (rule.targetId && rule.targetId !== hit.targetId) continue;
      const units = timesByUser.get(hit.userId) ?? new Map<string, Date>();
      if (!units.has(hit.unit)) units.set(hit.unit, row.at); // oldest first: the first time counts
      timesByUser.set(hit.userId, units);
    }
    let newlyTagged = 0;
    for (const [userId, units] of timesByUser) {
      if (!everReached(rule.countBy, rule.threshold, rule.windowDays, [...units.values()])) continue;
      if (await this.grant(rule, userId)) newlyTagged += 1;
    }
    return { membersEvaluated: timesByUser.size, newlyTagged };
  }

  /**
   * Claims the grant, adds the tag and counts it in one transaction: a failure anywhere undoes all
   * three, so a later event retries and grantedCount always equals the grant rows.
   */
  private async grant(rule: TagRuleRecord, userId: string, source?: TagGrantSource): Promise<boolean> {
    const key = { ruleId: rule._id, userId: oid(userId), tagId: rule.tagId };
    const claim = () =>
      this.uow.run(async (session) => {
        const row = { $setOnInsert: { circleId: rule.circleId, at: this.clock.now() } };
        const res = await this.grants.updateOne(key, row, { upsert: true, session });
        if (res.upsertedCount !== 1) return false;
        const why = source ?? { kind: 'rule' as const, refId: rule._id.toHexString(), label: rule.name };
        await this.tagger.addTags(rule.circleId.toHexString(), userId, [rule.tagId.toHexString()], why, session);
        await this.rules.updateOne({ _id: rule._id }, { $inc: { grantedCount: 1 } }, { session });
        return true;
      });
    try {
      // Grants of one rule queue up in this process rather than conflict on its counter.
      return await this.lock.run(rule._id.toHexString(), claim);
    } catch (error) {
      if (isDuplicateKey(error)) return false; // a concurrent event claimed it
      throw error;
    }
  }

  private async granted(rule: TagRuleRecord, userId: string): Promise<boolean> {
    return (await this.grants.exists({ ruleId: rule._id, userId: oid(userId), tagId: rule.tagId })) !== null;
  }

  private async countInWindow(rule: TagRuleRecord, userId: string, at: Date): Promise<number> {
    const range = windowRange(rule.countBy, rule.windowDays, at);
    const filter = {
      circleId: rule.circleId,
      activity: rule.activity,
      userId: oid(userId),
      ...(rule.targetId ? { targetId: rule.targetId } : {}),
      // Units stored later than this event (from a backfill) never count toward it.
      at: trusted(range.field === 'at' ? { $gt: range.from, $lte: range.to } : { $lte: at }),
      ...(range.field === 'day' ? { day: trusted({ $gte: range.from, $lte: range.to }) } : {}),
    };
    if (range.field === 'at') return this.progress.countDocuments(filter);
    const rows = await this.progress.find(filter, { day: 1, _id: 0 }).lean<{ day: string }[]>();
    return new Set(rows.map((r) => r.day)).size;
  }

  private async record(hit: RuleHit, at: Date): Promise<void> {
    const key = {
      circleId: oid(hit.circleId),
      activity: hit.activity as TagRuleActivity,
      userId: oid(hit.userId),
      unit: hit.unit,
    };
    const update = { $setOnInsert: { targetId: hit.targetId, at, day: shanghaiDay(at) } };
    try {
      await this.progress.updateOne(key, update, { upsert: true });
    } catch (error) {
      // Two upserts of one new key can race; the loser finds the row there, which is all we need.
      if (!isDuplicateKey(error)) throw error;
    }
  }
}
