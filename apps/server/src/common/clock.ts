import { Global, Injectable, Module } from '@nestjs/common';

/**
 * The time every service reads. Injected so tests move time instead of sleeping; nothing in a
 * service calls `Date.now()` or `new Date()` for "now".
 */
export abstract class Clock {
  abstract nowMs(): number;
  now(): Date {
    return new Date(this.nowMs());
  }
}

@Injectable()
export class SystemClock extends Clock {
  nowMs(): number {
    return Date.now();
  }
}

/**
 * Real time plus an offset the test controls: timers and the driver keep working, while a test
 * jumps past a payment hold or a day boundary with `advance()` instead of waiting.
 */
export class TestClock extends Clock {
  private offsetMs = 0;
  nowMs(): number {
    return Date.now() + this.offsetMs;
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
  /** From now on `now()` starts at `at` and runs on in real time. */
  set(at: Date | number): void {
    this.offsetMs = (typeof at === 'number' ? at : at.getTime()) - Date.now();
  }
  reset(): void {
    this.offsetMs = 0;
  }
}

/** Infrastructure, like config and the bus: every module reads the same clock. */
@Global()
@Module({
  providers: [{ provide: Clock, useClass: SystemClock }],
  exports: [Clock],
})
export class ClockModule {}
