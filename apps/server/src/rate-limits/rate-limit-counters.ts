import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type Redis from 'ioredis';
import type { Model } from 'mongoose';
import { Clock } from '../common/clock';
import { RateLimitCounter } from './rate-limits.schema';

export interface WindowCount {
  /** The counter after this addition. */
  count: number;
  /** When the window ends (epoch ms). */
  resetAtMs: number;
}

/**
 * Fixed-window counters shared by every server instance: MongoDB by default, Redis when
 * REDIS_URL is set. `alignMs` shifts window boundaries (e.g. to China midnight for daily quotas).
 */
export abstract class RateLimitCounters {
  abstract add(key: string, amount: number, windowMs: number, alignMs?: number): Promise<WindowCount>;

  protected window(nowMs: number, windowMs: number, alignMs: number): { start: number; end: number } {
    const start = Math.floor((nowMs + alignMs) / windowMs) * windowMs - alignMs;
    return { start, end: start + windowMs };
  }
}

const isDuplicateKey = (error: unknown) => (error as { code?: unknown })?.code === 11000;

@Injectable()
export class MongoRateLimitCounters extends RateLimitCounters {
  constructor(
    @InjectModel(RateLimitCounter.name) private readonly counters: Model<RateLimitCounter>,
    private readonly clock: Clock,
  ) {
    super();
  }

  async add(key: string, amount: number, windowMs: number, alignMs = 0): Promise<WindowCount> {
    const { start, end } = this.window(this.clock.nowMs(), windowMs, alignMs);
    const id = `${key}@${start}`;
    const upsert = () =>
      this.counters
        .findOneAndUpdate(
          { _id: id },
          { $inc: { count: amount }, $setOnInsert: { expiresAt: new Date(end) } },
          { upsert: true, returnDocument: 'after', lean: true },
        )
        .exec();
    let doc;
    try {
      doc = await upsert();
    } catch (error) {
      // Two first hits racing to insert the window: MongoDB lets one win; the other retries as an update.
      if (!isDuplicateKey(error)) throw error;
      doc = await upsert();
    }
    return { count: doc!.count, resetAtMs: end };
  }
}

/** INCRBY on a key naming the window, expiring with it (PEXPIREAT), in one MULTI. */
export class RedisRateLimitCounters extends RateLimitCounters {
  constructor(
    private readonly redis: Redis,
    private readonly clock: Clock,
  ) {
    super();
  }

  async add(key: string, amount: number, windowMs: number, alignMs = 0): Promise<WindowCount> {
    const { start, end } = this.window(this.clock.nowMs(), windowMs, alignMs);
    const id = `quanzi:counter:${key}@${start}`;
    const results = await this.redis.multi().incrby(id, amount).pexpireat(id, end).exec();
    const [error, count] = results?.[0] ?? [new Error('Redis MULTI was aborted'), null];
    if (error) throw error;
    return { count: Number(count), resetAtMs: end };
  }
}
