import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, trusted, type Types } from 'mongoose';
import { CirclesService } from '../circles/circles.service';
import { shanghaiMinute } from '../common/china-time';
import { Clock } from '../common/clock';
import { oid } from '../common/object-id';
import { Jobs } from '../jobs/jobs.service';
import { quietHoursEnd } from '../notifications/quiet-hours';
import { NotificationsService } from '../notifications/notifications.service';
import { SubscriptionsService } from '../subscriptions/subscriptions.service';
import { Broadcast, BroadcastDelivery, type BroadcastRecord, type PushState } from './broadcasts.schema';

export const PUSH_JOB = 'broadcast.push';

interface PushJob {
  broadcastId: string;
  userIds: string[];
}

/**
 * The subscribe-message push that follows a broadcast's inbox item. Members inside their quiet
 * hours are held (row state `held`) until the window ends, by a job scheduled for that moment.
 * Each row is claimed (`pending`/`held` → `sending`) before its send, so a repeated job never
 * pushes twice; a transient WeChat failure puts the row back and fails the job, which retries
 * with backoff. The inbox item is never held.
 */
@Injectable()
export class SubscribePush implements OnModuleInit {
  constructor(
    @InjectModel(Broadcast.name) private readonly broadcasts: Model<Broadcast>,
    @InjectModel(BroadcastDelivery.name) private readonly deliveries: Model<BroadcastDelivery>,
    private readonly subscriptions: SubscriptionsService,
    private readonly notifications: NotificationsService,
    private readonly circles: CirclesService,
    private readonly jobs: Jobs,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.jobs.define<PushJob>(PUSH_JOB, (data) => this.run(data), { retries: 5, backoffMs: 10_000 });
  }

  /** Whether a template is configured for broadcasts; without one a broadcast is inbox only. */
  configured(): boolean {
    return this.subscriptions.configured('broadcast');
  }

  /** Pushes now to members outside quiet hours; holds the others until their window ends. */
  async planBroadcast(broadcastId: string, userIds: string[]): Promise<void> {
    const now = this.clock.now();
    const quiet = await this.notifications.quietHoursOf(userIds);
    const byTime = new Map<number, string[]>();
    for (const u of userIds) {
      const at = quietHoursEnd(quiet.get(u) ?? null, now).getTime();
      byTime.set(at, [...(byTime.get(at) ?? []), u]);
    }
    for (const [at, group] of byTime) {
      const held = at > now.getTime();
      if (held) {
        await this.deliveries.updateMany(
          { broadcastId: oid(broadcastId), userId: trusted({ $in: group.map(oid) }), push: 'pending' },
          { $set: { push: 'held' } },
        );
      }
      const job: PushJob = { broadcastId, userIds: group };
      if (held) await this.jobs.schedule(new Date(at), PUSH_JOB, job);
      else await this.jobs.now(PUSH_JOB, job);
    }
  }

  private async run({ broadcastId, userIds }: PushJob): Promise<void> {
    const b = await this.broadcasts.findById(broadcastId).lean<BroadcastRecord>();
    if (!b) return;
    const circle = await this.circles.card(b.circleId);
    const values = { title: b.title, body: b.body, circle: circle.name, time: shanghaiMinute(b.sendAt) };
    for (const userId of userIds) {
      const claimed = await this.claim(b._id, userId);
      if (!claimed) continue;
      try {
        const outcome = await this.subscriptions.send(userId, 'broadcast', values, b.page);
        await this.mark(b._id, userId, outcome.status, outcome.status === 'failed' ? outcome.error : null);
      } catch (error) {
        await this.mark(b._id, userId, claimed, null);
        throw error;
      }
    }
  }

  /** Takes the row for this run; returns the state it was in, or null when it is not ours to send. */
  private async claim(broadcastId: Types.ObjectId, userId: string): Promise<PushState | null> {
    const row = await this.deliveries
      .findOneAndUpdate(
        { broadcastId, userId: oid(userId), push: trusted({ $in: ['pending', 'held'] }) },
        { $set: { push: 'sending' } },
      )
      .lean<{ push: PushState }>();
    return row ? row.push : null;
  }

  private async mark(broadcastId: Types.ObjectId, userId: string, push: PushState, error: string | null) {
    await this.deliveries.updateOne({ broadcastId, userId: oid(userId) }, { $set: { push, pushError: error } });
  }
}
