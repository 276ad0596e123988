import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { ErrorCode, type DailyActivityResponse, type DayKey } from '@quanzi/contract';
import { Model, trusted } from 'mongoose';
import { DomainEventBus } from '../bus/domain-event-bus';
import { DOMAIN_EVENT_NAMES, type DomainEvent } from '../bus/domain-events';
import { shanghaiDay } from '../common/china-time';
import { oid, parseObjectId } from '../common/object-id';
import { DomainError } from '../common/domain-error';
import { KeyedLock } from '../common/keyed-lock';
import { UnitOfWork } from '../database/unit-of-work';
import { Activity, ActivityRollup, type ActivityRecord, type ActivityRollupRecord } from './activity.schema';

const MAX_RANGE_DAYS = 366;
const DUPLICATE_KEY = 11000;

/** Listens to every domain event: appends it to the log and bumps that day's rollup. */
@Injectable()
export class ActivityService implements OnModuleInit {
  private readonly lock = new KeyedLock();

  constructor(
    @InjectModel(Activity.name) private readonly activities: Model<Activity>,
    @InjectModel(ActivityRollup.name) private readonly rollups: Model<ActivityRollup>,
    private readonly bus: DomainEventBus,
    private readonly uow: UnitOfWork,
  ) {}

  onModuleInit(): void {
    for (const name of DOMAIN_EVENT_NAMES) this.bus.subscribe(name, (event) => this.record(event));
  }

  /** The log row and its rollup's +1 commit together, so the rollup always equals its rows. */
  async record(event: DomainEvent): Promise<void> {
    const circleId = parseObjectId(event.payload.circleId);
    const rollup = { circleId, day: shanghaiDay(event.at), type: event.name };
    const write = () =>
      this.uow.run(async (session) => {
        const row = {
          type: event.name,
          circleId,
          actorId: parseObjectId(event.payload.actorId),
          data: { ...event.payload },
          at: event.at,
        };
        await this.activities.create([row], { session });
        await this.rollups.updateOne(rollup, { $inc: { count: 1 } }, { upsert: true, session });
      });
    // Events of one rollup queue up in this process rather than conflict on its document.
    await this.lock.run(`${String(circleId)}|${rollup.day}|${rollup.type}`, () =>
      write().catch((error: { code?: unknown }) => {
        // Another process created the day's rollup first (upserts race on the unique key): count into it.
        if (error?.code !== DUPLICATE_KEY) throw error;
        return write();
      }),
    );
  }

  /** Platform-wide counts per day and type (platform admins). */
  async dailyTotals(from: DayKey, to: DayKey): Promise<DailyActivityResponse> {
    this.assertRange(from, to);
    const rows = await this.rollups.find({ day: trusted({ $gte: from, $lte: to }) }).lean<ActivityRollupRecord[]>();
    return { items: this.sumByDayAndType(rows) };
  }

  /** Counts per day and type for one circle; the analytics module builds its dashboards on this. */
  async dailyForCircle(circleId: string, from: DayKey, to: DayKey): Promise<DailyActivityResponse> {
    this.assertRange(from, to);
    const rows = await this.rollups
      .find({ circleId: oid(circleId), day: trusted({ $gte: from, $lte: to }) })
      .lean<ActivityRollupRecord[]>();
    return { items: this.sumByDayAndType(rows) };
  }

  /**
   * The circle's logged events of these types, oldest first, as a stream (tag-rule backfills
   * re-read history with it). Uses the `{circleId, type, at}` index.
   */
  streamCircleEvents(circleId: string, types: readonly string[]): AsyncIterable<ActivityRecord> {
    return this.activities
      .find({ circleId: oid(circleId), type: trusted({ $in: [...types] }) })
      .sort({ at: 1, _id: 1 })
      .lean<ActivityRecord>()
      .cursor();
  }

  private sumByDayAndType(rows: ActivityRollupRecord[]) {
    const totals = new Map<string, { day: DayKey; type: string; count: number }>();
    for (const row of rows) {
      const key = `${row.day}|${row.type}`;
      const entry = totals.get(key) ?? { day: row.day, type: row.type, count: 0 };
      entry.count += row.count;
      totals.set(key, entry);
    }
    return [...totals.values()].sort((a, b) => a.day.localeCompare(b.day) || a.type.localeCompare(b.type));
  }

  private assertRange(from: DayKey, to: DayKey): void {
    const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
    if (!(days >= 0 && days < MAX_RANGE_DAYS)) {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, `统计区间应为 1 到 ${MAX_RANGE_DAYS} 天`, [
        { field: 'to', message: `to 不能早于 from，且区间不超过 ${MAX_RANGE_DAYS} 天` },
      ]);
    }
  }
}
