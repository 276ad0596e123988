import { isIP } from 'node:net';

/**
 * Abuse limits and proxy trust, parsed from the environment by loadSettings. Kept apart from
 * settings.ts because each rate-limited route family adds a variable here, not a constructor slot.
 */

/** The route families that are rate-limited; a route opts in with `@RateLimit('<policy>')`. */
export const RATE_LIMIT_POLICIES = ['login', 'post', 'upload', 'invite', 'signup', 'vote'] as const;
export type RateLimitPolicy = (typeof RATE_LIMIT_POLICIES)[number];

/** Who a limit counts: the logged-in user, or the client address (IPv6 by /56 subnet). */
export type RateLimitScope = 'user' | 'ip';

export interface RateLimitRule {
  /** Requests allowed per window; the next one is answered 429 until the window ends. */
  limit: number;
  windowMs: number;
}

export type RateLimitSettings = Record<RateLimitPolicy, Partial<Record<RateLimitScope, RateLimitRule>>>;

const MINUTE = 60_000;

/**
 * Defaults: per user tight enough to stop a script, per IP loose because mobile carriers put
 * many members behind one address (CGNAT); login has no user yet, so only the IP counts.
 */
export const DEFAULT_RATE_LIMITS: RateLimitSettings = {
  login: { ip: { limit: 30, windowMs: MINUTE } },
  post: { user: { limit: 10, windowMs: MINUTE }, ip: { limit: 120, windowMs: MINUTE } },
  upload: { user: { limit: 20, windowMs: 10 * MINUTE }, ip: { limit: 200, windowMs: 10 * MINUTE } },
  invite: { user: { limit: 30, windowMs: MINUTE }, ip: { limit: 60, windowMs: MINUTE } },
  signup: { user: { limit: 10, windowMs: MINUTE }, ip: { limit: 300, windowMs: MINUTE } },
  vote: { user: { limit: 20, windowMs: MINUTE }, ip: { limit: 300, windowMs: MINUTE } },
};

/** Bytes one member may upload per China day. */
export const DEFAULT_UPLOAD_DAILY_BYTES = 200 * 1024 * 1024;

export const rateLimitVariable = (policy: RateLimitPolicy) => `RATE_LIMIT_${policy.toUpperCase()}`;

const WINDOW_UNITS: Record<string, number> = { s: 1000, m: MINUTE, h: 60 * MINUTE, d: 24 * 60 * MINUTE };
const RULE = /^(user|ip):(?:(off)|(\d+)\/(\d*)([smhd]))$/;

/**
 * `RATE_LIMIT_<POLICY>=user:10/1m,ip:120/1m` (windows in s/m/h/d; `ip:off` drops a scope).
 * Scopes not named keep their defaults.
 */
export function parseRateLimits(env: Record<string, string | undefined>, problems: string[]): RateLimitSettings {
  const result = {} as RateLimitSettings;
  for (const policy of RATE_LIMIT_POLICIES) {
    const rules = { ...DEFAULT_RATE_LIMITS[policy] };
    const name = rateLimitVariable(policy);
    const raw = env[name]?.trim();
    for (const entry of raw ? raw.split(',').map((s) => s.trim()) : []) {
      const match = RULE.exec(entry);
      const limit = match?.[3] === undefined ? NaN : Number(match[3]);
      const windowMs = match?.[5] ? Number(match[4] || '1') * WINDOW_UNITS[match[5]] : NaN;
      if (!match || (!match[2] && (limit < 1 || !(windowMs > 0)))) {
        problems.push(`${name} must look like "user:10/1m,ip:120/1m" (or "ip:off"), got "${entry}"`);
        continue;
      }
      const scope = match[1] as RateLimitScope;
      if (match[2]) delete rules[scope];
      else rules[scope] = { limit, windowMs };
    }
    result[policy] = rules;
  }
  return result;
}

/** Fastify's `trustProxy`: false (trust no forwarded header), a hop count, or the proxies' addresses. */
export type TrustProxy = false | number | string[];

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrCidr(value: string): boolean {
  const [address, bits, extra] = value.split('/');
  if (extra !== undefined || !isIP(address)) return false;
  if (bits === undefined) return true;
  const max = isIP(address) === 4 ? 32 : 128;
  return /^\d+$/.test(bits) && Number(bits) <= max;
}

/**
 * `TRUST_PROXY`: unset trusts no one (the peer address is the client); a number trusts that many
 * hops; otherwise a comma-separated list of proxy addresses, CIDRs or loopback/linklocal/uniquelocal.
 * "true" is refused: trusting every hop lets any client pick its own address.
 */
export function parseTrustProxy(raw: string | undefined, problems: string[]): TrustProxy {
  const value = raw?.trim() ?? '';
  if (value === '' || value === 'false' || value === '0') return false;
  if (/^\d+$/.test(value)) return Number(value);
  const entries = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = entries.filter((e) => !PROXY_NAMES.has(e) && !isAddressOrCidr(e));
  if (bad.length > 0 || entries.length === 0) {
    problems.push(
      `TRUST_PROXY must be a hop count or a list of proxy addresses/CIDRs (e.g. "10.0.0.0/8,127.0.0.1"); ` +
        `"true" or "*" would let any client choose its own address (got "${bad.join(',') || value}")`,
    );
    return false;
  }
  return entries;
}

export interface AbuseSettings {
  rateLimits: RateLimitSettings;
  /** Bytes one member may upload per China day (0 = no quota). */
  uploadDailyBytes: number;
  trustProxy: TrustProxy;
}

export const DEFAULT_ABUSE_SETTINGS: AbuseSettings = {
  rateLimits: DEFAULT_RATE_LIMITS,
  uploadDailyBytes: DEFAULT_UPLOAD_DAILY_BYTES,
  trustProxy: false,
};
