import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SHANGHAI_OFFSET_MS, shanghaiDay } from '../common/china-time';
import { Clock } from '../common/clock';
import { Settings } from '../config/settings';
import { Jobs } from '../jobs/jobs.service';
import { addDays } from './analytics-days';
import { EngagementService } from './engagement.service';

export const ENGAGEMENT_NIGHTLY_JOB = 'analytics.engagement-nightly';

/** The next time it is `hour`:00 in China after `now` (China has no daylight saving). */
export function nextChinaHour(now: Date, hour: number): Date {
  const at = (day: string) => new Date(Date.parse(`${day}T00:00:00.000Z`) + hour * 3_600_000 - SHANGHAI_OFFSET_MS);
  const today = at(shanghaiDay(now));
  return today > now ? today : at(addDays(shanghaiDay(now), 1));
}

/**
 * The nightly engagement recompute (ENGAGEMENT_NIGHTLY_HOUR, China time) as a durable job: one
 * pending job per night, keyed by its China day, so every process scheduling it at boot agrees on
 * one job and a restart neither loses nor doubles a night. Each run first schedules the next
 * night (a different key, so it never touches the running job), then recomputes every circle;
 * a failed run is retried by `Jobs`.
 */
@Injectable()
export class EngagementNightly implements OnApplicationBootstrap {
  private readonly logger = new Logger(EngagementNightly.name);

  constructor(
    private readonly jobs: Jobs,
    private readonly engagement: EngagementService,
    private readonly settings: Settings,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Defined here rather than in onModuleInit: this module's init can run before the jobs
    // module's (it is reached from the root earlier), when agenda does not exist yet.
    this.jobs.define<null>(ENGAGEMENT_NIGHTLY_JOB, async () => {
      await this.scheduleNext();
      const circles = await this.engagement.recomputeAll();
      this.logger.log(`nightly engagement recompute: ${circles} circle(s)`);
    });
    // Drop what an earlier configuration left (another hour, or none now); running jobs stay.
    await this.jobs.cancel(ENGAGEMENT_NIGHTLY_JOB);
    await this.scheduleNext();
  }

  /** Schedules the next night's run unless the nightly recompute is off; returns when, or null. */
  async scheduleNext(): Promise<Date | null> {
    const hour = this.settings.engagementNightlyHour;
    if (hour === null) return null;
    const at = nextChinaHour(this.clock.now(), hour);
    await this.jobs.schedule(at, ENGAGEMENT_NIGHTLY_JOB, null, { uniqueKey: shanghaiDay(at) });
    return at;
  }
}
