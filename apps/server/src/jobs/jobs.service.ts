import {
  BeforeApplicationShutdown,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
  OnModuleInit,
} from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { MongoBackend } from '@agendajs/mongo-backend';
import { Agenda, exponential, type Job } from 'agenda';
import type { Connection, mongo } from 'mongoose';
import { Clock, TestClock } from '../common/clock';
import { Settings } from '../config/settings';

/** The collection agenda keeps the jobs in; the jobs module owns it. */
export const JOBS_COLLECTION = 'jobs';

export interface JobOptions {
  /** Runs of this job at once in one process (default 1). */
  concurrency?: number;
  /** Retries after the first failure (default 5); 0: a failure is final. */
  retries?: number;
  /** Delay before the first retry, doubling each time up to an hour (default 30 s). */
  backoffMs?: number;
  /** How long a run may hold its lock before another process assumes it died (default 10 min). */
  lockLifetimeMs?: number;
}

export interface ScheduleOptions {
  /** At most one pending job per name and key: scheduling again moves it instead of adding one. */
  uniqueKey?: string;
}

export type JobHandler<T> = (
  data: T,
  /** `touch`: renews the lock, for a long run that records its progress as it goes. */
  run: { attempt: number; jobId: string; touch: () => Promise<void> },
) => Promise<void>;

/** What a stored job carries: the handler's data, plus the house fields. */
interface StoredData<T> {
  payload: T;
  /** The Clock time the job is due (agenda's own `nextRunAt` is wall time, see `wallTime`). */
  dueAt: Date | null;
  uniqueKey: string | null;
}

export interface JobState {
  id: string;
  name: string;
  uniqueKey: string | null;
  nextRunAt: Date | null;
  lastFinishedAt: Date | null;
  failCount: number;
  failReason: string | null;
  failedAt: Date | null;
}

/**
 * Durable jobs on agenda 6 (`@agendajs/mongo-backend`): jobs live in MongoDB, survive restarts,
 * and each run is claimed by one process through agenda's atomic lock (`lockedAt`), so several
 * server instances on one database run a job once. Failures are kept on the job (`failCount`,
 * `failReason`, `failedAt`) and retried with exponential backoff.
 *
 * Time: agenda reads the wall clock itself (no clock hook). Dates given here are Clock times and
 * are stored converted to wall time; under a TestClock, moving the clock forward also makes jobs
 * due whose Clock time has come (`promoteDue`), so tests move time instead of sleeping.
 *
 * Other modules define their handlers in `onModuleInit`; this service starts processing at
 * bootstrap (unless JOBS_POLL_MS=0: that process only schedules) and drains on shutdown, before
 * the database connection closes.
 */
@Injectable()
export class Jobs implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown, OnModuleDestroy {
  private readonly logger = new Logger(Jobs.name);
  private agenda!: Agenda;
  private started = false;
  private stopping = false;
  private readonly definitions = new Set<string>();
  /** Jobs this process is running (from agenda's `start` to `complete`, which follows the final save). */
  private readonly running = new Set<string>();
  private idle: (() => void) | null = null;

  constructor(
    @InjectConnection() private readonly connection: Connection,
    private readonly settings: Settings,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    const db = this.connection.db as unknown as mongo.Db;
    this.agenda = new Agenda({
      name: `quanzi-${process.pid}`,
      backend: new MongoBackend({ mongo: db as never, collection: JOBS_COLLECTION }),
      processEvery: this.settings.jobs.pollMs || 60_000,
      defaultLockLifetime: 10 * 60_000,
    });
    this.agenda.on('error', (error: Error) => {
      // A scan in flight when shutdown closes the connection fails; a lock it took expires.
      if (this.started || !this.stopping) this.logger.error(`jobs: ${error.message}`);
    });
    this.agenda.on('retry exhausted', (error: Error, job: Job) =>
      this.logger.error(`job ${job.attrs.name} failed for good after ${job.attrs.failCount} tries: ${error.message}`),
    );
    this.agenda.on('start', (job: Job) => this.running.add(String(job.attrs._id)));
    this.agenda.on('complete', (job: Job) => {
      this.running.delete(String(job.attrs._id));
      if (this.running.size === 0) this.idle?.();
    });
    if (this.clock instanceof TestClock) this.clock.onMove(() => this.promoteDue());
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.agenda.ready;
    // One pending job per (name, uniqueKey), whatever the races between instances.
    await this.collection().createIndex(
      { name: 1, 'data.uniqueKey': 1 },
      { name: 'name_uniqueKey', unique: true, partialFilterExpression: { 'data.uniqueKey': { $type: 'string' } } },
    );
    if (this.settings.jobs.pollMs <= 0) return;
    await this.agenda.start();
    this.started = true;
  }

  /**
   * Stops taking jobs, hands the ones this process had locked but not started back to the others,
   * and waits (up to 10 s) for the running ones to finish and be saved before the database closes.
   */
  async beforeApplicationShutdown(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    this.stopping = true;
    await this.agenda.stop(false);
    if (this.running.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      new Promise<boolean>((resolve) => (this.idle = () => resolve(true))),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), 10_000))),
    ]);
    clearTimeout(timer);
    if (!finished) this.logger.warn(`jobs: ${this.running.size} still running at shutdown; their locks will expire`);
  }

  async onModuleDestroy(): Promise<void> {
    await this.beforeApplicationShutdown();
  }

  define<T>(name: string, handler: JobHandler<T>, options: JobOptions = {}): void {
    if (this.definitions.has(name)) throw new Error(`job ${name} defined twice`);
    this.definitions.add(name);
    const retries = options.retries ?? 5;
    this.agenda.define<StoredData<T>>(
      name,
      async (job) => {
        await handler(job.attrs.data.payload, {
          attempt: (job.attrs.failCount ?? 0) + 1,
          jobId: String(job.attrs._id),
          touch: () => job.touch(),
        });
      },
      {
        concurrency: options.concurrency ?? 1,
        lockLifetime: options.lockLifetimeMs ?? 10 * 60_000,
        ...(retries > 0
          ? { backoff: exponential({ delay: options.backoffMs ?? 30_000, maxRetries: retries, maxDelay: 3600_000 }) }
          : {}),
      },
    );
  }

  /** Runs as soon as a process picks it up. */
  async now<T>(name: string, data: T): Promise<string> {
    return this.save(name, data, this.clock.now(), {});
  }

  /** Runs at `at` (Clock time); with a uniqueKey, replaces the pending job of that name and key. */
  async schedule<T>(at: Date, name: string, data: T, options: ScheduleOptions = {}): Promise<string> {
    return this.save(name, data, at, options);
  }

  /** Repeats every `intervalMs` (one job per name across all processes). */
  async every(intervalMs: number, name: string): Promise<void> {
    const data: StoredData<null> = { payload: null, dueAt: null, uniqueKey: null };
    await this.agenda.every(intervalMs, name, data, { skipImmediate: true });
  }

  /** Removes pending jobs of this name (only the one with `uniqueKey` when given); returns how many. */
  async cancel(name: string, uniqueKey?: string): Promise<number> {
    const filter = uniqueKey === undefined ? { name } : { name, 'data.uniqueKey': uniqueKey };
    const res = await this.collection().deleteMany({ ...filter, lockedAt: null });
    return res.deletedCount;
  }

  /** The stored jobs of a name, for operators and tests. */
  async list(name: string): Promise<JobState[]> {
    const rows = await this.collection().find({ name }).sort({ _id: 1 }).toArray();
    return rows.map((r) => ({
      id: String(r._id),
      name: r.name as string,
      uniqueKey: (r.data as StoredData<unknown> | undefined)?.uniqueKey ?? null,
      nextRunAt: (r.nextRunAt as Date | null) ?? null,
      lastFinishedAt: (r.lastFinishedAt as Date | null) ?? null,
      failCount: (r.failCount as number | undefined) ?? 0,
      failReason: (r.failReason as string | undefined) ?? null,
      failedAt: (r.failedAt as Date | null) ?? null,
    }));
  }

  /**
   * Test clock moved: jobs whose Clock time has come become due now (in wall time). Only a
   * TestClock moves; under the SystemClock both times agree.
   */
  async promoteDue(): Promise<number> {
    const wallNow = this.wallTime(this.clock.now());
    const res = await this.collection().updateMany(
      { 'data.dueAt': { $lte: this.clock.now() }, nextRunAt: { $gt: wallNow }, lockedAt: null },
      { $set: { nextRunAt: wallNow } },
    );
    return res.modifiedCount;
  }

  private async save<T>(name: string, payload: T, at: Date, options: ScheduleOptions): Promise<string> {
    const data: StoredData<T> = { payload, dueAt: at, uniqueKey: options.uniqueKey ?? null };
    const job = this.agenda.create(name, data).schedule(this.wallTime(at));
    if (options.uniqueKey !== undefined) job.unique({ name, 'data.uniqueKey': options.uniqueKey });
    const saved = await job.save();
    return String(saved.attrs._id);
  }

  /** Agenda compares `nextRunAt` with the wall clock; a moved TestClock is ahead of it. */
  private wallTime(at: Date): Date {
    // eslint-disable-next-line no-restricted-syntax -- the one place Clock time meets agenda's wall time
    return new Date(at.getTime() - (this.clock.nowMs() - Date.now()));
  }

  private collection(): mongo.Collection {
    return (this.connection.db as unknown as mongo.Db).collection(JOBS_COLLECTION);
  }
}
