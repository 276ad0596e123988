import { Body, Controller, type DynamicModule, Global, HttpCode, Injectable, Module, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { Public } from '../auth/auth.decorators';
import type { Settings } from '../config/settings';

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
  private readonly listeners: Array<() => Promise<unknown>> = [];
  private moving: Promise<unknown> = Promise.resolve();
  nowMs(): number {
    return Date.now() + this.offsetMs;
  }
  advance(ms: number): void {
    this.offsetMs += ms;
    this.moved();
  }
  /** From now on `now()` starts at `at` and runs on in real time. */
  set(at: Date | number): void {
    this.offsetMs = (typeof at === 'number' ? at : at.getTime()) - Date.now();
    this.moved();
  }
  /** Work to redo when time jumps (the jobs module makes jobs due whose Clock time has come). */
  onMove(listener: () => Promise<unknown>): void {
    this.listeners.push(listener);
  }
  /** Resolves when the listeners of the last move have finished. */
  settled(): Promise<unknown> {
    return this.moving;
  }
  private moved(): void {
    this.moving = Promise.all(this.listeners.map((l) => l().catch(() => undefined)));
  }
  reset(): void {
    this.offsetMs = 0;
  }
}

export class AdvanceClockDto {
  @IsInt()
  @Min(0)
  @Max(366 * 24 * 3600 * 1000)
  advanceMs!: number;
}

/**
 * `POST /api/test/clock {advanceMs}`: end-to-end tests move the built server's time the way
 * specs move `t.clock`. Mounted only with TEST_CLOCK=1, which settings refuse outside NODE_ENV=test.
 */
@ApiExcludeController()
@Controller('test/clock')
export class TestClockController {
  constructor(private readonly clock: Clock) {}

  @Public()
  @Post()
  @HttpCode(200)
  async advance(@Body() dto: AdvanceClockDto): Promise<{ now: string }> {
    (this.clock as TestClock).advance(dto.advanceMs);
    await (this.clock as TestClock).settled();
    return { now: this.clock.now().toISOString() };
  }
}

/** Infrastructure, like config and the bus: every module reads the same clock. */
@Global()
@Module({})
export class ClockModule {
  static forRoot(settings: Settings): DynamicModule {
    return {
      module: ClockModule,
      controllers: settings.testClock ? [TestClockController] : [],
      providers: [
        settings.testClock ? { provide: Clock, useValue: new TestClock() } : { provide: Clock, useClass: SystemClock },
      ],
      exports: [Clock],
    };
  }
}
