import { Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { Settings } from '../config/settings';
import { Jobs } from '../jobs/jobs.service';
import { RegistrationsService } from './registrations.service';

export const HOLD_SWEEP_JOB = 'events.hold-sweep';

/**
 * Releases unpaid holds whose time ran out, as a durable job every EVENT_HOLD_SWEEP_MS (one run at
 * a time across all server instances). Reads also expire a due hold lazily (signup when sold out,
 * opening or paying the ticket), so the sweep is a backstop.
 */
@Injectable()
export class HoldExpiryService implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger(HoldExpiryService.name);
  private running = false;

  constructor(
    private readonly registrations: RegistrationsService,
    private readonly settings: Settings,
    private readonly jobs: Jobs,
  ) {}

  onModuleInit(): void {
    // A failed pass is not retried: the next interval is the retry.
    this.jobs.define(HOLD_SWEEP_JOB, async () => void (await this.sweep()), { retries: 0 });
  }

  async onApplicationBootstrap(): Promise<void> {
    const every = this.settings.events.holdSweepMs;
    if (every <= 0) await this.jobs.cancel(HOLD_SWEEP_JOB);
    else await this.jobs.every(every, HOLD_SWEEP_JOB);
  }

  /** One pass; overlapping calls in this process are skipped. Returns how many holds were released. */
  async sweep(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    try {
      let total = 0;
      for (let n = await this.registrations.expireDue(); n > 0; n = await this.registrations.expireDue()) total += n;
      return total;
    } catch (error) {
      this.logger.error(`hold sweep failed: ${error instanceof Error ? error.message : String(error)}`);
      return 0;
    } finally {
      this.running = false;
    }
  }
}
