import { Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { Redis } from 'ioredis';
import { Clock } from '../common/clock';
import { Settings } from '../config/settings';
import { MongoThrottlerStorage } from './mongo-throttler.storage';
import { MongoRateLimitCounters, RateLimitCounters, RedisRateLimitCounters } from './rate-limit-counters';
import { RateLimitCounter, RateLimitCounterSchema } from './rate-limits.schema';

/** The throttler's storage, as @nestjs/throttler's options expect it. */
export const THROTTLER_STORE = Symbol('THROTTLER_STORE');

/** The Redis connection when REDIS_URL is set (closed at shutdown), else null. */
@Injectable()
export class RateLimitRedis implements OnApplicationShutdown {
  readonly client: Redis | null;

  constructor(settings: Settings) {
    this.client = settings.redisUrl
      ? // Few retries: a request should fail fast rather than hang while Redis is away.
        new Redis(settings.redisUrl, { maxRetriesPerRequest: 2, lazyConnect: false })
      : null;
    if (this.client) new Logger('RateLimits').log('rate limit counters in Redis (REDIS_URL)');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client?.quit().catch(() => this.client?.disconnect());
  }
}

/**
 * Where the counters live, shared by every instance: MongoDB by default (the server is
 * stateless), Redis when REDIS_URL is set.
 */
@Module({
  imports: [MongooseModule.forFeature([{ name: RateLimitCounter.name, schema: RateLimitCounterSchema }])],
  providers: [
    RateLimitRedis,
    MongoRateLimitCounters,
    MongoThrottlerStorage,
    {
      provide: RateLimitCounters,
      inject: [RateLimitRedis, MongoRateLimitCounters, Clock],
      useFactory: (redis: RateLimitRedis, mongo: MongoRateLimitCounters, clock: Clock) =>
        redis.client ? new RedisRateLimitCounters(redis.client, clock) : mongo,
    },
    {
      provide: THROTTLER_STORE,
      inject: [RateLimitRedis, MongoThrottlerStorage],
      useFactory: (redis: RateLimitRedis, mongo: MongoThrottlerStorage) =>
        redis.client ? new ThrottlerStorageRedisService(redis.client) : mongo,
    },
  ],
  exports: [RateLimitCounters, THROTTLER_STORE],
})
export class RateLimitStoreModule {}
