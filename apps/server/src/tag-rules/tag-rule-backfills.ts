import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { TagRuleBackfillView } from '@quanzi/contract';
import { Model, trusted, Types } from 'mongoose';
import { Clock } from '../common/clock';
import { notFound } from '../common/domain-error';
import { oid } from '../common/object-id';
import { Jobs } from '../jobs/jobs.service';
import { TagRuleEngine } from './tag-rule-engine';
import { TagRule, type TagRuleBackfillState, type TagRuleRecord } from './tag-rules.schema';

export const TAG_RULE_BACKFILL_JOB = 'tag-rules.backfill';

export function toBackfillView(state: TagRuleBackfillState): TagRuleBackfillView {
  return {
    status: state.status,
    requestedAt: state.requestedAt.toISOString(),
    finishedAt: state.finishedAt ? state.finishedAt.toISOString() : null,
    membersEvaluated: state.membersEvaluated,
    newlyTagged: state.newlyTagged,
    error: state.error,
  };
}

/**
 * Backfills read a circle's whole history, which can take long: they run as a durable job (one per
 * rule at a time, survives a restart, retried on failure) and record their state on the rule. The
 * engine's backfill is idempotent (progress upserts, claimed grants), so a retry after a crash part-way
 * tags nobody twice.
 */
@Injectable()
export class TagRuleBackfills implements OnModuleInit {
  constructor(
    @InjectModel(TagRule.name) private readonly rules: Model<TagRule>,
    private readonly engine: TagRuleEngine,
    private readonly jobs: Jobs,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.jobs.define<{ ruleId: string }>(TAG_RULE_BACKFILL_JOB, ({ ruleId }) => this.run(ruleId), { retries: 3 });
  }

  /** Queues a backfill of the rule, or answers the one already queued or running. */
  async request(circleId: string, ruleId: Types.ObjectId): Promise<TagRuleBackfillView> {
    const state: TagRuleBackfillState = {
      status: 'queued',
      requestedAt: this.clock.now(),
      finishedAt: null,
      membersEvaluated: null,
      newlyTagged: null,
      error: null,
    };
    const queued = await this.rules
      .findOneAndUpdate(
        { _id: ruleId, circleId: oid(circleId), 'backfill.status': trusted({ $nin: ['queued', 'running'] }) },
        { $set: { backfill: state } },
        { returnDocument: 'after' },
      )
      .lean<TagRuleRecord>();
    if (!queued) {
      const rule = await this.rules.findOne({ _id: ruleId, circleId: oid(circleId) }).lean<TagRuleRecord>();
      if (!rule?.backfill) throw notFound('标签规则');
      return toBackfillView(rule.backfill);
    }
    const id = ruleId.toHexString();
    await this.jobs.schedule(this.clock.now(), TAG_RULE_BACKFILL_JOB, { ruleId: id }, { uniqueKey: id });
    return toBackfillView(state);
  }

  private async run(ruleId: string): Promise<void> {
    const rule = await this.rules
      .findOneAndUpdate(
        { _id: oid(ruleId), 'backfill.status': trusted({ $in: ['queued', 'running', 'failed'] }) },
        { $set: { 'backfill.status': 'running' } },
        { returnDocument: 'after' },
      )
      .lean<TagRuleRecord>();
    if (!rule) return; // deleted meanwhile, or already done
    try {
      const counts = await this.engine.backfill(rule);
      await this.finish(rule._id, { status: 'done', ...counts, error: null });
    } catch (error) {
      await this.finish(rule._id, { status: 'failed', error: (error as Error).message });
      throw error; // the job retries with backoff
    }
  }

  private async finish(ruleId: Types.ObjectId, set: Partial<TagRuleBackfillState>): Promise<void> {
    const fields = Object.fromEntries(Object.entries(set).map(([k, v]) => [`backfill.${k}`, v]));
    await this.rules.updateOne({ _id: ruleId }, { $set: { ...fields, 'backfill.finishedAt': this.clock.now() } });
  }
}
