import { SetMetadata } from '@nestjs/common';
import type { RateLimitPolicy } from '../config/abuse-settings';

export const RATE_LIMIT_POLICY = 'quanzi:rate-limit-policy';

/**
 * Counts the route against a policy's per-user and per-IP limits (RATE_LIMIT_<POLICY>). Routes
 * sharing a policy share its counters: posting and commenting draw on one `post` budget.
 */
export const RateLimit = (policy: RateLimitPolicy) => SetMetadata(RATE_LIMIT_POLICY, policy);
