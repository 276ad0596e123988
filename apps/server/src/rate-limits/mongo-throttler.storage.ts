import { Injectable } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { Clock } from '../common/clock';
import { MongoRateLimitCounters } from './rate-limit-counters';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * @nestjs/throttler's storage interface over MongoDB (the library ships only an in-memory store,
 * and no maintained MongoDB one exists). Fixed windows: a key over its limit stays blocked until
 * its window ends, so `blockDuration` is the window (the guard configures it so).
 */
@Injectable()
export class MongoThrottlerStorage implements ThrottlerStorage {
  constructor(
    private readonly counters: MongoRateLimitCounters,
    private readonly clock: Clock,
  ) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    _blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const { count, resetAtMs } = await this.counters.add(`throttle:${throttlerName}:${key}`, 1, ttl);
    const secondsLeft = Math.max(1, Math.ceil((resetAtMs - this.clock.nowMs()) / 1000));
    const isBlocked = count > limit;
    return { totalHits: count, timeToExpire: secondsLeft, isBlocked, timeToBlockExpire: isBlocked ? secondsLeft : 0 };
  }
}
