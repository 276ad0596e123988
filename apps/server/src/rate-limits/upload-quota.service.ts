import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { RateLimitedError } from '../common/domain-error';
import { Settings } from '../config/settings';
import { RateLimitCounters } from './rate-limit-counters';

const DAY_MS = 86_400_000;
/** Days start at midnight Asia/Shanghai (UTC+8, no daylight saving), as members see them. */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** Bytes a member may upload per China day (UPLOAD_DAILY_BYTES), counted across instances. */
@Injectable()
export class UploadQuota {
  constructor(
    private readonly counters: RateLimitCounters,
    private readonly settings: Settings,
    private readonly clock: Clock,
  ) {}

  private get quota(): number {
    return this.settings.abuse.uploadDailyBytes;
  }

  /** Refuses before the body is read when today's quota is already spent. */
  async ensureRoom(userId: string): Promise<void> {
    if (this.quota === 0) return;
    const today = await this.counters.add(this.key(userId), 0, DAY_MS, SHANGHAI_OFFSET_MS);
    if (today.count >= this.quota) throw this.exhausted(today.resetAtMs);
  }

  /** Counts `bytes` against today's quota, or refuses (and counts nothing) if they do not fit. */
  async consume(userId: string, bytes: number): Promise<void> {
    if (this.quota === 0) return;
    const today = await this.counters.add(this.key(userId), bytes, DAY_MS, SHANGHAI_OFFSET_MS);
    if (today.count > this.quota) {
      await this.counters.add(this.key(userId), -bytes, DAY_MS, SHANGHAI_OFFSET_MS);
      throw this.exhausted(today.resetAtMs);
    }
  }

  private key(userId: string): string {
    return `upload-bytes:${userId}`;
  }

  private exhausted(resetAtMs: number): RateLimitedError {
    const mb = Math.floor(this.quota / (1024 * 1024));
    const seconds = Math.max(1, Math.ceil((resetAtMs - this.clock.nowMs()) / 1000));
    const size = mb > 0 ? `${mb} MB` : `${this.quota} 字节`;
    return new RateLimitedError(seconds, `今日上传已达上限（${size}），请明天再试`);
  }
}
