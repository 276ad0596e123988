import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Settings } from '../config/settings';
import { RegistrationsService } from './registrations.service';

/**
 * Releases unpaid holds whose time ran out, every EVENT_HOLD_SWEEP_MS. Reads also expire a due
 * hold lazily (signup when sold out, opening or paying the ticket), so the sweep is a backstop.
 */
@Injectable()
export class HoldExpiryService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(HoldExpiryService.name);
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    private readonly registrations: RegistrationsService,
    private readonly settings: Settings,
  ) {}

  onApplicationBootstrap(): void {
    const every = this.settings.events.holdSweepMs;
    if (every <= 0) return;
    this.timer = setInterval(() => void this.sweep(), every);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One pass; overlapping ticks are skipped. Returns how many holds were released. */
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
