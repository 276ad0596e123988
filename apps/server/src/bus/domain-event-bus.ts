import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { Clock } from '../common/clock';
import type { DomainEvent, DomainEventMap, DomainEventName } from './domain-events';

/**
 * Typed façade over the in-process event emitter. `publish` waits for the listeners so a
 * response is sent only after its side effects (activity, tags) are recorded — tests and
 * dashboards then see them at once — but a failing listener is logged, never the caller's error.
 */
@Injectable()
export class DomainEventBus {
  private readonly logger = new Logger(DomainEventBus.name);

  constructor(
    private readonly emitter: EventEmitter2,
    private readonly clock: Clock,
  ) {}

  async publish<K extends DomainEventName>(name: K, payload: DomainEventMap[K], at?: Date): Promise<void> {
    const event: DomainEvent<K> = { name, at: at ?? this.clock.now(), payload };
    try {
      await this.emitter.emitAsync(name, event);
    } catch (error) {
      this.logger.error(`listener for ${name} failed: ${error instanceof Error ? error.stack : String(error)}`);
    }
  }

  /**
   * Each listener's failure is caught and logged on its own: emitAsync is a Promise.all, so one
   * listener throwing would otherwise return to the publisher before the others had finished.
   */
  subscribe<K extends DomainEventName>(name: K, listener: (event: DomainEvent<K>) => Promise<void> | void): void {
    this.emitter.on(name, async (event: DomainEvent<K>) => {
      try {
        await listener(event);
      } catch (error) {
        this.logger.error(`listener for ${name} failed: ${error instanceof Error ? error.stack : String(error)}`);
      }
    });
  }
}
