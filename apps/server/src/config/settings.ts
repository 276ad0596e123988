import * as path from 'node:path';
import { SubscribeTemplateKeys, UploadLimits } from '@quanzi/contract';
import { plainToInstance, Transform } from 'class-transformer';
import { type AbuseSettings, DEFAULT_ABUSE_SETTINGS, parseRateLimits, parseTrustProxy } from './abuse-settings';
import { parseWechatApps, type WechatApp } from './wechat-apps';
import { parseWechatpaySettings, type WechatpaySettings } from './wechatpay-settings';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

/** The server package root (apps/server), whether running from src/ (tests) or dist/ (built). */
const PACKAGE_ROOT = path.resolve(__dirname, '..', '..');

/** Well-known default so `npm start` works out of the box; production refuses to boot with it. */
export const DEV_JWT_SECRET = 'quanzi-dev-secret-do-not-use-in-production';
/** HS256 keys shorter than the hash output (32 bytes) can be brute-forced offline from any token. */
const PRODUCTION_JWT_SECRET_MIN_BYTES = 32;

const toBool = ({ value }: { value: unknown }) => {
  if (value === undefined || value === '') return undefined;
  if (typeof value === 'boolean') return value;
  const v = String(value).trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  return value; // left as a string so @IsBoolean reports it
};
const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : /^\d+$/.test(String(value)) ? Number(value) : value;
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/** Raw environment, one property per variable, validated once at boot (immich's env.dto idea). */
class EnvironmentVariables {
  @IsOptional()
  @IsIn(['development', 'production', 'test'])
  NODE_ENV?: 'development' | 'production' | 'test';

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT?: number;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  HOST?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^mongodb(\+srv)?:\/\/\S+$/, { message: 'MONGODB_URI must be a mongodb:// or mongodb+srv:// URI' })
  MONGODB_URI?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  DATA_DIR?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  @MinLength(16, { message: 'JWT_SECRET must be at least 16 characters' })
  JWT_SECRET?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^\d+[smhd]?$/, { message: 'JWT_TTL must look like 3600, 30m, 12h or 30d' })
  JWT_TTL?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  WECHAT_APPID?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  WECHAT_SECRET?: string;

  /** More mini-programs (brands) beside WECHAT_APPID: JSON [{appid, secret, name?}] (config/wechat-apps.ts). */
  @IsOptional()
  @IsString()
  WECHAT_APPS?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^https?:\/\/[^\s/]+(\/\S*)?$/, { message: 'WECHAT_API_BASE must be an http(s) URL' })
  WECHAT_API_BASE?: string;

  /** The Token set for 消息推送 in the mini-program console (signs POST /api/wechat/callback). */
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  WECHAT_CALLBACK_TOKEN?: string;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: 'DEV_LOGIN must be 1/0 or true/false' })
  DEV_LOGIN?: boolean;

  @IsOptional()
  @IsString()
  ADMIN_OPENIDS?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^https?:\/\/\S+$/, { message: 'PUBLIC_BASE_URL must be an http(s) URL' })
  PUBLIC_BASE_URL?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  H5_DIR?: string;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: 'DB_IN_MEMORY must be 1/0 or true/false' })
  DB_IN_MEMORY?: boolean;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'UPLOAD_MAX_BYTES must be a whole number of bytes' })
  @Min(1024)
  @Max(100 * 1024 * 1024)
  UPLOAD_MAX_BYTES?: number;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, { message: 'UPLOAD_CDN_URL must be an http(s) URL without query' })
  UPLOAD_CDN_URL?: string;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: 'SEED_DEMO must be 1/0 or true/false' })
  SEED_DEMO?: boolean;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'EVENT_PAYMENT_HOLD_SECONDS must be a whole number of seconds' })
  @Min(1)
  @Max(86400)
  EVENT_PAYMENT_HOLD_SECONDS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'EVENT_HOLD_SWEEP_MS must be a whole number of milliseconds' })
  @Min(0)
  @Max(3600000)
  EVENT_HOLD_SWEEP_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'JOBS_POLL_MS must be a whole number of milliseconds' })
  @Min(0)
  @Max(3600000)
  JOBS_POLL_MS?: number;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^rediss?:\/\/\S+$/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'UPLOAD_DAILY_BYTES must be a whole number of bytes' })
  @Min(0)
  UPLOAD_DAILY_BYTES?: number;
  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: 'TEST_CLOCK must be 1/0 or true/false' })
  TEST_CLOCK?: boolean;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsIn(['none', 'dev', 'wechat'], { message: 'PAYMENT_GATEWAY must be none, dev or wechat' })
  PAYMENT_GATEWAY?: 'none' | 'dev' | 'wechat';

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsIn(['json', 'text'], { message: 'LOG_FORMAT must be json or text' })
  LOG_FORMAT?: 'json' | 'text';

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'ENGAGEMENT_NIGHTLY_HOUR must be an hour 0–23 (China time)' })
  @Min(0)
  @Max(23)
  ENGAGEMENT_NIGHTLY_HOUR?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'BROADCAST_DAILY_CAP must be a whole number of broadcasts' })
  @Min(1)
  @Max(100)
  BROADCAST_DAILY_CAP?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'BROADCAST_BATCH_SIZE must be a whole number of recipients' })
  @Min(1)
  @Max(5000)
  BROADCAST_BATCH_SIZE?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'BROADCAST_LOCK_MS must be a whole number of milliseconds' })
  @Min(1000)
  @Max(3600000)
  BROADCAST_LOCK_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'LIVE_HEARTBEAT_MS must be a whole number of milliseconds' })
  @Min(50)
  @Max(600000)
  LIVE_HEARTBEAT_MS?: number;
}

/** A subscribe-message template: its WeChat id and which of our values fills each of its fields. */
export interface SubscribeTemplate {
  templateId: string;
  /** WeChat field key (e.g. `thing1`) → our value. */
  fields: Record<string, SubscribeValue>;
}
export const SubscribeValues = ['title', 'body', 'circle', 'time'] as const;
export type SubscribeValue = (typeof SubscribeValues)[number];

export interface ReachSettings {
  broadcastDailyCap: number;
  /** Recipients per fan-out step (each step is recorded before the next starts). */
  broadcastBatch: number;
  /**
   * How long a fan-out holds its job lock without progress (renewed every batch): after a crash,
   * another process (or the restarted one) resumes it this long after the last batch.
   */
  broadcastLockMs: number;
  /** By template key (`broadcast` ← WECHAT_TEMPLATE_BROADCAST); absent: that push is inbox only. */
  templates: Partial<Record<string, SubscribeTemplate>>;
}

/**
 * `WECHAT_TEMPLATE_<KEY>=<templateId>;<field>=<value>,…`, e.g.
 * `WECHAT_TEMPLATE_BROADCAST=AbC123;thing1=title,thing2=body,time3=time`.
 */
function parseSubscribeTemplates(
  env: Record<string, string | undefined>,
  problems: string[],
): Partial<Record<string, SubscribeTemplate>> {
  const templates: Partial<Record<string, SubscribeTemplate>> = {};
  for (const key of SubscribeTemplateKeys) {
    const name = `WECHAT_TEMPLATE_${key.toUpperCase()}`;
    const raw = env[name]?.trim();
    if (!raw) continue;
    const [templateId, spec = ''] = raw.split(';');
    const fields: Record<string, SubscribeValue> = {};
    for (const pair of spec.split(',').filter(Boolean)) {
      const [field, value] = pair.split('=').map((x) => x.trim());
      if (!/^[a-z_]+\d+$/.test(field ?? '') || !(SubscribeValues as readonly string[]).includes(value ?? '')) {
        problems.push(`${name}: "${pair}" must be <field>=<${SubscribeValues.join('|')}> (e.g. thing1=title)`);
        continue;
      }
      fields[field] = value as SubscribeValue;
    }
    if (!/^[\w-]{6,}$/.test(templateId.trim())) problems.push(`${name}: the template id is missing or malformed`);
    else if (Object.keys(fields).length === 0) problems.push(`${name}: name at least one field (e.g. ;thing1=title)`);
    else templates[key] = { templateId: templateId.trim(), fields };
  }
  return templates;
}

/** Typed, parsed settings; the only view of the environment the rest of the server gets. */
export class Settings {
  constructor(
    readonly nodeEnv: 'development' | 'production' | 'test',
    readonly port: number,
    readonly host: string,
    readonly mongodbUri: string | null,
    readonly dataDir: string,
    readonly dbInMemory: boolean,
    readonly jwtSecret: string,
    readonly jwtTtlSeconds: number,
    readonly wechat: { appId: string | null; secret: string | null; apiBase: string; apps: readonly WechatApp[] },
    readonly devLogin: boolean,
    readonly adminOpenids: ReadonlySet<string>,
    readonly publicBaseUrl: string,
    readonly h5Dir: string,
    /** Largest accepted upload, bytes. */
    readonly uploadMaxBytes: number = UploadLimits.maxBytes,
    /** Where a CDN serves the stored uploads (`<url>/<name>`); null when only this server serves them. */
    readonly uploadCdnUrl: string | null = null,
    /** Seed demo circles into an empty database at boot (never in production or tests). */
    readonly seedDemo: boolean = false,
    /** How long an unpaid ticket holds its seat, and how often expired holds are swept (0 = no sweeper). */
    readonly events: { paymentHoldSeconds: number; holdSweepMs: number } = {
      paymentHoldSeconds: 900,
      holdSweepMs: 60000,
    },
    /** Shared store for rate limits across instances; null: MongoDB. */
    readonly redisUrl: string | null = null,
    /** Rate limits, upload quota and which proxies' forwarded headers are believed. */
    readonly abuse: AbuseSettings = DEFAULT_ABUSE_SETTINGS,
    /** End-to-end tests only: a movable clock and `POST /api/test/clock` (refused outside NODE_ENV=test). */
    readonly testClock: boolean = false,
    /**
     * Who takes payments: `dev` simulates the payer (never in production), `none` refuses paid
     * signups, `wechat` is WeChat Pay v3 with its merchant configuration.
     */
    readonly payments: { gateway: 'none' | 'dev' | 'wechat'; wechatpay?: WechatpaySettings | null } = {
      gateway: 'none',
    },
    /** json: one JSON object a line (Nest logs and Fastify's per-request logs with request ids); text: readable. */
    readonly logFormat: 'json' | 'text' = 'text',
    /** How often this process looks for due jobs (0: it schedules jobs but never runs them). */
    readonly jobs: { pollMs: number } = { pollMs: 5000 },
    /** China-time hour at which every circle's engagement scores are recomputed; null: on demand only. */
    readonly engagementNightlyHour: number | null = null,
    /** Broadcasts: the per-member per-circle daily cap, and the subscribe-message templates by key. */
    readonly reach: ReachSettings = {
      broadcastDailyCap: 3,
      broadcastBatch: 500,
      broadcastLockMs: 60_000,
      templates: {},
    },
    /** WECHAT_CALLBACK_TOKEN: the Token of 消息推送 (signs POST /api/wechat/callback); null refuses every push. */
    readonly wechatCallbackToken: string | null = null,
    /** /api/ws: ping every socket this often; one silent for a whole period is dropped at the next. */
    readonly live: { heartbeatMs: number } = { heartbeatMs: 30_000 },
  ) {}

  get isProduction(): boolean {
    return this.nodeEnv === 'production';
  }

  /** WeChat calls need both credentials; without them (local dev) the platform features degrade. */
  get wechatConfigured(): boolean {
    return Boolean(this.wechat.appId && this.wechat.secret);
  }
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function ttlToSeconds(ttl: string): number {
  const unit = ttl.slice(-1);
  const factor = { s: 1, m: 60, h: 3600, d: 86400 }[unit];
  return factor ? Number(ttl.slice(0, -1)) * factor : Number(ttl);
}

/** Reads and validates the environment; throws ConfigError listing every problem at once. */
export function loadSettings(env: Record<string, string | undefined> = process.env): Settings {
  const vars = plainToInstance(EnvironmentVariables, { ...env });
  const problems = validateSync(vars, { whitelist: false }).flatMap((e) => Object.values(e.constraints ?? {}));
  const rateLimits = parseRateLimits(env, problems);
  const trustProxy = parseTrustProxy(env.TRUST_PROXY, problems);
  const templates = parseSubscribeTemplates(env, problems);

  const nodeEnv = vars.NODE_ENV ?? 'development';
  const production = nodeEnv === 'production';
  if (production) {
    if (!vars.JWT_SECRET) problems.push('JWT_SECRET is required when NODE_ENV=production');
    else if (vars.JWT_SECRET === DEV_JWT_SECRET) {
      problems.push(
        'JWT_SECRET is the published development secret: anyone could sign tokens for any user. ' +
          `Set a random secret of at least ${PRODUCTION_JWT_SECRET_MIN_BYTES} bytes`,
      );
    } else if (Buffer.byteLength(vars.JWT_SECRET, 'utf8') < PRODUCTION_JWT_SECRET_MIN_BYTES) {
      problems.push(
        `JWT_SECRET must be at least ${PRODUCTION_JWT_SECRET_MIN_BYTES} bytes when NODE_ENV=production ` +
          `(it is ${Buffer.byteLength(vars.JWT_SECRET, 'utf8')}): a shorter HS256 key can be guessed offline`,
      );
    }
    if (!vars.WECHAT_APPID || !vars.WECHAT_SECRET) {
      problems.push('WECHAT_APPID and WECHAT_SECRET are required when NODE_ENV=production');
    }
    // Dev login hands out accounts by nickname alone; it must never reach real members.
    if (vars.DEV_LOGIN === true) problems.push('DEV_LOGIN cannot be enabled when NODE_ENV=production');
    if (vars.SEED_DEMO === true) problems.push('SEED_DEMO cannot be enabled when NODE_ENV=production');
    // The development gateway marks orders paid on the payer's word.
    if (vars.PAYMENT_GATEWAY === 'dev') problems.push('PAYMENT_GATEWAY=dev cannot be used when NODE_ENV=production');
  }
  // Production takes paid signups only through a configured merchant (else the gateway is `none`).
  const gateway = vars.PAYMENT_GATEWAY ?? (production ? (env.WECHATPAY_MCHID ? 'wechat' : 'none') : 'dev');
  const port = vars.PORT ?? 3000;
  const publicBaseUrl = (vars.PUBLIC_BASE_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
  const wechatpay =
    gateway === 'wechat' ? parseWechatpaySettings(env, vars.WECHAT_APPID, publicBaseUrl, problems) : null;
  // Moving the server's time would let anyone expire invites and payment holds at will.
  if (vars.TEST_CLOCK === true && nodeEnv !== 'test')
    problems.push('TEST_CLOCK can only be enabled when NODE_ENV=test');
  const wechatApps = parseWechatApps(
    vars.WECHAT_APPS,
    { appId: vars.WECHAT_APPID ?? null, secret: vars.WECHAT_SECRET ?? null },
    problems,
  );
  if (problems.length > 0) throw new ConfigError(problems);

  // Real credentials mean real members: dev login and demo data then need an explicit opt-in.
  const holdsCredentials = Boolean(vars.WECHAT_APPID || vars.WECHAT_SECRET || vars.MONGODB_URI);
  return new Settings(
    nodeEnv,
    port,
    vars.HOST ?? '0.0.0.0',
    vars.MONGODB_URI ?? null,
    path.resolve(vars.DATA_DIR ?? './data'),
    vars.DB_IN_MEMORY ?? false,
    vars.JWT_SECRET ?? DEV_JWT_SECRET,
    ttlToSeconds(vars.JWT_TTL ?? '30d'),
    {
      appId: vars.WECHAT_APPID ?? null,
      secret: vars.WECHAT_SECRET ?? null,
      apiBase: (vars.WECHAT_API_BASE ?? 'https://api.weixin.qq.com').replace(/\/+$/, ''),
      apps: wechatApps,
    },
    production ? false : (vars.DEV_LOGIN ?? !holdsCredentials),
    new Set(
      (vars.ADMIN_OPENIDS ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
    publicBaseUrl,
    vars.H5_DIR ? path.resolve(vars.H5_DIR) : path.resolve(PACKAGE_ROOT, '..', 'miniprogram', 'dist', 'h5'),
    vars.UPLOAD_MAX_BYTES ?? UploadLimits.maxBytes,
    vars.UPLOAD_CDN_URL?.replace(/\/+$/, '') ?? null,
    // Demo members log in by nickname, so production never seeds; tests start from empty on purpose.
    production ? false : (vars.SEED_DEMO ?? (nodeEnv === 'development' && !holdsCredentials)),
    { paymentHoldSeconds: vars.EVENT_PAYMENT_HOLD_SECONDS ?? 900, holdSweepMs: vars.EVENT_HOLD_SWEEP_MS ?? 60000 },
    vars.REDIS_URL ?? null,
    { rateLimits, trustProxy, uploadDailyBytes: vars.UPLOAD_DAILY_BYTES ?? DEFAULT_ABUSE_SETTINGS.uploadDailyBytes },
    vars.TEST_CLOCK === true && nodeEnv === 'test',
    { gateway, wechatpay },
    vars.LOG_FORMAT ?? (production ? 'json' : 'text'),
    { pollMs: vars.JOBS_POLL_MS ?? 5000 },
    vars.ENGAGEMENT_NIGHTLY_HOUR ?? null,
    {
      broadcastDailyCap: vars.BROADCAST_DAILY_CAP ?? 3,
      broadcastBatch: vars.BROADCAST_BATCH_SIZE ?? 500,
      broadcastLockMs: vars.BROADCAST_LOCK_MS ?? 60_000,
      templates,
    },
    vars.WECHAT_CALLBACK_TOKEN ?? null,
    { heartbeatMs: vars.LIVE_HEARTBEAT_MS ?? 30_000 },
  );
}
