import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, trusted, type AnyBulkWriteOperation } from 'mongoose';
import { shanghaiDay } from '../common/china-time';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { oid } from '../common/object-id';
import { Settings } from '../config/settings';
import { Jobs } from '../jobs/jobs.service';
import { NotificationsService } from '../notifications/notifications.service';
import { AudienceResolver } from './audience';
import {
  Broadcast,
  BroadcastCap,
  BroadcastDelivery,
  type BroadcastDeliveryRecord,
  type BroadcastRecord,
} from './broadcasts.schema';
import { SubscribePush } from './subscribe-push';

export const SEND_JOB = 'broadcast.send';
const DUPLICATE_KEY = 11000;
const INSERT_CHUNK = 1000;

export const broadcastSourceKey = (id: string) => `broadcast:${id}`;

/**
 * Sends a broadcast as one durable job: resolves the audience once into a recipients snapshot
 * (one `broadcast_deliveries` row per member, unique per broadcast and user), then walks the
 * pending rows in batches. Each batch is recorded on its rows right after the inbox items are
 * written, and the inbox item itself is unique per (member, `broadcast:<id>`): a process killed
 * mid-batch resumes on the same pending rows and nobody gets the item twice.
 */
@Injectable()
export class BroadcastFanout implements OnModuleInit {
  private readonly logger = new Logger(BroadcastFanout.name);

  constructor(
    @InjectModel(Broadcast.name) private readonly broadcasts: Model<Broadcast>,
    @InjectModel(BroadcastDelivery.name) private readonly deliveries: Model<BroadcastDelivery>,
    @InjectModel(BroadcastCap.name) private readonly caps: Model<BroadcastCap>,
    private readonly audience: AudienceResolver,
    private readonly notifications: NotificationsService,
    private readonly push: SubscribePush,
    private readonly jobs: Jobs,
    private readonly settings: Settings,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    // The lock is renewed every batch, so a short lifetime only delays the resume after a crash.
    this.jobs.define<{ broadcastId: string }>(SEND_JOB, (data, run) => this.send(data.broadcastId, run.touch), {
      retries: 5,
      backoffMs: 5_000,
      lockLifetimeMs: this.settings.reach.broadcastLockMs,
    });
  }

  async send(broadcastId: string, touch: () => Promise<void> = async () => undefined): Promise<void> {
    const id = oid(broadcastId);
    // scheduled → sending is the one transition a cancel races with; whoever flips first wins.
    await this.broadcasts.updateOne({ _id: id, status: 'scheduled' }, { $set: { status: 'sending' } });
    let b = await this.broadcasts.findById(id).lean<BroadcastRecord>();
    if (!b || b.status !== 'sending') return;
    const resumed = b.snapshotAt !== null;
    if (!b.snapshotAt) {
      b = await this.snapshot(b);
      await touch();
    }
    while (await this.sendBatch(b)) await touch();
    // A killed run may have recorded a batch but not planned its pushes; the row claim in
    // SubscribePush makes planning again harmless.
    if (resumed && this.push.configured()) await this.replanPushes(b);
    await this.broadcasts.updateOne(
      { _id: id, status: 'sending' },
      { $set: { status: 'sent', sentAt: this.clock.now() } },
    );
  }

  /** Resolves the audience once; rows already written by a killed run are kept (duplicates ignored). */
  private async snapshot(b: BroadcastRecord): Promise<BroadcastRecord> {
    let userIds: string[] = [];
    try {
      userIds = await this.audience.resolve(b.circleId.toHexString(), b.audience);
    } catch (error) {
      // The event or poll it named is gone since: nobody matches.
      if (!(error instanceof DomainError)) throw error;
      this.logger.warn(`broadcast ${b._id.toHexString()}: audience no longer resolves (${error.message})`);
    }
    for (let i = 0; i < userIds.length; i += INSERT_CHUNK) {
      const rows = userIds.slice(i, i + INSERT_CHUNK).map((u) => ({
        broadcastId: b._id,
        circleId: b.circleId,
        userId: oid(u),
        state: 'pending',
        reason: null,
        day: null,
        push: 'none',
        pushError: null,
      }));
      try {
        await this.deliveries.insertMany(rows, { ordered: false });
      } catch (error) {
        const writeErrors = (error as { writeErrors?: Array<{ code?: number; err?: { code?: number } }> }).writeErrors;
        if (!writeErrors || writeErrors.some((e) => (e.code ?? e.err?.code) !== DUPLICATE_KEY)) throw error;
      }
    }
    const count = await this.deliveries.countDocuments({ broadcastId: b._id });
    const next = await this.broadcasts
      .findOneAndUpdate(
        { _id: b._id },
        { $set: { snapshotAt: this.clock.now(), audienceCount: count } },
        { returnDocument: 'after' },
      )
      .lean<BroadcastRecord>();
    return next ?? b;
  }

  /** One batch of pending recipients; false when none are left. */
  private async sendBatch(b: BroadcastRecord): Promise<boolean> {
    const rows = await this.deliveries
      .find({ broadcastId: b._id, state: 'pending' }, { userId: 1 })
      .sort({ _id: 1 })
      .limit(this.settings.reach.broadcastBatch)
      .lean<Pick<BroadcastDeliveryRecord, '_id' | 'userId'>[]>();
    if (rows.length === 0) return false;
    const userIds = rows.map((r) => r.userId.toHexString());
    const day = shanghaiDay(this.clock.now());
    const capped = await this.overCap(b, userIds, day);
    const reached = new Set(
      await this.notifications.deliver(
        userIds.filter((u) => !capped.has(u)),
        {
          kind: 'broadcast',
          circleId: b.circleId.toHexString(),
          title: b.title,
          body: b.body,
          link: b.page,
          sourceKey: broadcastSourceKey(b._id.toHexString()),
        },
      ),
    );
    await this.releaseCap(
      b,
      userIds.filter((u) => !capped.has(u) && !reached.has(u)),
      day,
    );
    const pushing = this.push.configured();
    const ops: AnyBulkWriteOperation<BroadcastDelivery>[] = rows.map((r) => {
      const u = r.userId.toHexString();
      const set = capped.has(u)
        ? { state: 'skipped', reason: 'capped' }
        : reached.has(u)
          ? { state: 'delivered', day, push: pushing ? 'pending' : 'none' }
          : { state: 'skipped', reason: 'muted' };
      return { updateOne: { filter: { _id: r._id, state: 'pending' }, update: { $set: set } } };
    });
    await this.deliveries.bulkWrite(ops, { ordered: false });
    if (pushing && reached.size > 0) await this.push.planBroadcast(b._id.toHexString(), [...reached]);
    return true;
  }

  private async replanPushes(b: BroadcastRecord): Promise<void> {
    const rows = await this.deliveries
      .find({ broadcastId: b._id, push: 'pending' }, { userId: 1 })
      .lean<Pick<BroadcastDeliveryRecord, 'userId'>[]>();
    const userIds = rows.map((r) => r.userId.toHexString());
    const size = this.settings.reach.broadcastBatch;
    for (let i = 0; i < userIds.length; i += size) {
      await this.push.planBroadcast(b._id.toHexString(), userIds.slice(i, i + size));
    }
  }

  /**
   * Takes a cap slot for each member of the batch; returns those already holding the daily cap of
   * this circle's broadcasts. A slot this broadcast took before (a resumed run) is kept, not re-taken.
   */
  private async overCap(b: BroadcastRecord, userIds: string[], day: string): Promise<Set<string>> {
    const cap = this.settings.reach.broadcastDailyCap;
    const take = (u: string): AnyBulkWriteOperation<BroadcastCap> => ({
      updateOne: {
        filter: {
          circleId: b.circleId,
          userId: oid(u),
          day,
          $or: trusted([{ broadcastIds: b._id }, { [`broadcastIds.${cap - 1}`]: { $exists: false } }]),
        },
        update: { $addToSet: { broadcastIds: b._id } },
        // A full row without this broadcast does not match: the insert then fails on the unique key.
        upsert: true,
      },
    });
    let pending = userIds;
    // A duplicate key can also mean two runs created the member's row at once: try those again once.
    for (let attempt = 0; attempt < 2 && pending.length > 0; attempt += 1) {
      pending = await this.duplicates(pending, take);
    }
    return new Set(pending);
  }

  /** Runs one op per user; returns the users whose op failed on a duplicate key. */
  private async duplicates(
    userIds: string[],
    op: (u: string) => AnyBulkWriteOperation<BroadcastCap>,
  ): Promise<string[]> {
    try {
      await this.caps.bulkWrite(userIds.map(op), { ordered: false });
      return [];
    } catch (error) {
      const writeErrors = (error as { writeErrors?: Array<{ index: number; code?: number; err?: { code?: number } }> })
        .writeErrors;
      if (!writeErrors || writeErrors.some((e) => (e.code ?? e.err?.code) !== DUPLICATE_KEY)) throw error;
      return writeErrors.map((e) => userIds[e.index]);
    }
  }

  /** Muted members did not get it: their slots go back. */
  private async releaseCap(b: BroadcastRecord, userIds: string[], day: string): Promise<void> {
    if (userIds.length === 0) return;
    await this.caps.updateMany(
      { circleId: b.circleId, userId: trusted({ $in: userIds.map(oid) }), day },
      { $pull: { broadcastIds: b._id } },
    );
  }
}
