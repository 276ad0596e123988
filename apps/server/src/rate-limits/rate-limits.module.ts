import { type ExecutionContext, Module } from '@nestjs/common';
import { APP_GUARD, Reflector } from '@nestjs/core';
import {
  ThrottlerModule,
  type ThrottlerModuleOptions,
  type ThrottlerOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import type { RateLimitPolicy, RateLimitRule, RateLimitScope } from '../config/abuse-settings';
import { Settings } from '../config/settings';
import { RATE_LIMIT_POLICY } from './rate-limit.decorator';
import { RateLimitGuard } from './rate-limit.guard';
import { RateLimitStoreModule, THROTTLER_STORE } from './rate-limit-store.module';
import { UploadQuota } from './upload-quota.service';

/**
 * Two throttlers, `user` and `ip`, whose limit and window come from the route's policy
 * (`@RateLimit('post')` → RATE_LIMIT_POST). Routes without a policy are not limited; the user
 * throttler counts only requests with a verified actor (the auth guard runs first).
 */
export function throttlerOptions(
  settings: Settings,
  reflector: Reflector,
  storage: ThrottlerStorage,
): ThrottlerModuleOptions {
  const policyOf = (context: ExecutionContext) =>
    context.getType() === 'http'
      ? reflector.getAllAndOverride<RateLimitPolicy | undefined>(RATE_LIMIT_POLICY, [
          context.getHandler(),
          context.getClass(),
        ])
      : undefined;
  const ruleOf = (context: ExecutionContext, scope: RateLimitScope): RateLimitRule | undefined => {
    const policy = policyOf(context);
    return policy ? settings.abuse.rateLimits[policy][scope] : undefined;
  };
  const actorOf = (context: ExecutionContext) => context.switchToHttp().getRequest<FastifyRequest>().actor;
  const throttler = (scope: RateLimitScope): ThrottlerOptions => ({
    name: scope,
    limit: (context) => ruleOf(context, scope)!.limit,
    ttl: (context) => ruleOf(context, scope)!.windowMs,
    // Over the limit means blocked until the window ends, in both stores.
    blockDuration: (context) => ruleOf(context, scope)!.windowMs,
    skipIf: (context) => !ruleOf(context, scope) || (scope === 'user' && !actorOf(context)),
    ...(scope === 'user'
      ? // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the throttler's own tracker signature
        { getTracker: (request: Record<string, any>) => (request as FastifyRequest).actor!.userId }
      : {}),
    // Keyed by policy, not route, so the routes of one policy share one budget.
    generateKey: (context, tracker) => `${policyOf(context)}:${tracker}`,
  });
  return { storage, setHeaders: false, throttlers: [throttler('user'), throttler('ip')] };
}

@Module({
  imports: [
    RateLimitStoreModule,
    ThrottlerModule.forRootAsync({
      imports: [RateLimitStoreModule],
      inject: [Settings, Reflector, THROTTLER_STORE],
      useFactory: throttlerOptions,
    }),
  ],
  providers: [{ provide: APP_GUARD, useClass: RateLimitGuard }, UploadQuota],
  exports: [UploadQuota],
})
export class RateLimitsModule {}
