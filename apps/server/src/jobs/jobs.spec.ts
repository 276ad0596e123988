import { DatabaseTarget } from '../database/database.target';
import { HOLD_SWEEP_JOB } from '../events/hold-expiry.service';
import { startTestApp, type TestContext } from '../testing/test-app';
import { Jobs } from './jobs.service';

/** Polls a condition (jobs run on their own schedule); fails with `what` after `ms`. */
async function waitFor(what: string, cond: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('durable jobs', () => {
  let a: TestContext;
  let b: TestContext;
  let jobsA: Jobs;
  let jobsB: Jobs;

  beforeAll(async () => {
    a = await startTestApp({ JOBS_POLL_MS: '20' });
    // A second server process on the same database.
    b = await startTestApp({ JOBS_POLL_MS: '20', MONGODB_URI: a.app.get(DatabaseTarget).uri }, a.wechat);
    jobsA = a.app.get(Jobs);
    jobsB = b.app.get(Jobs);
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it('runs each job once when two server instances share the database', async () => {
    const runs: Array<{ n: number; by: string }> = [];
    jobsA.define<{ n: number }>('spec.once', async ({ n }) => void runs.push({ n, by: 'a' }), { concurrency: 4 });
    jobsB.define<{ n: number }>('spec.once', async ({ n }) => void runs.push({ n, by: 'b' }), { concurrency: 4 });
    for (let n = 0; n < 40; n++) await (n % 2 ? jobsA : jobsB).now('spec.once', { n });
    await waitFor('40 runs', async () => (await jobsA.list('spec.once')).every((j) => j.lastFinishedAt !== null));
    expect(runs.map((r) => r.n).sort((x, y) => x - y)).toEqual([...Array(40).keys()]);
  });

  it('retries a failing job with backoff until it succeeds', async () => {
    const attempts: number[] = [];
    jobsA.define(
      'spec.flaky',
      async (_data, run) => {
        attempts.push(run.attempt);
        if (attempts.length < 3) throw new Error('暂时失败');
      },
      { retries: 3, backoffMs: 10 },
    );
    await jobsA.now('spec.flaky', {});
    await waitFor('success', () => attempts.length === 3);
    await waitFor('finished', async () => (await jobsA.list('spec.flaky'))[0].lastFinishedAt !== null);
    expect(attempts).toEqual([1, 2, 3]);
  });

  it('records a failure once the retries are spent, and runs it no more', async () => {
    let calls = 0;
    jobsA.define(
      'spec.broken',
      async () => {
        calls += 1;
        throw new Error('坏了');
      },
      { retries: 1, backoffMs: 10 },
    );
    await jobsA.now('spec.broken', {});
    await waitFor('two failures', async () => (await jobsA.list('spec.broken'))[0].failCount === 2);
    const [job] = await jobsA.list('spec.broken');
    expect(job).toMatchObject({ failCount: 2, failReason: '坏了', nextRunAt: null });
    expect(job.failedAt).toBeInstanceOf(Date);
    expect(calls).toBe(2);
  });

  it('runs a scheduled job when the clock reaches its time, not before', async () => {
    const ran: string[] = [];
    jobsA.define<{ tag: string }>('spec.later', async ({ tag }) => void ran.push(tag));
    jobsB.define<{ tag: string }>('spec.later', async ({ tag }) => void ran.push(tag));
    const at = new Date(a.clock.nowMs() + 3600_000);
    await jobsA.schedule(at, 'spec.later', { tag: 'x' });
    // Poll a few times: nothing is due yet.
    await new Promise((r) => setTimeout(r, 100));
    expect(ran).toEqual([]);
    a.clock.advance(3600_000);
    await a.clock.settled();
    await waitFor('the scheduled run', () => ran.length === 1);
    expect(ran).toEqual(['x']);
  });

  it('keeps one pending job per unique key, and cancels it by key', async () => {
    jobsA.define('spec.unique', async () => undefined);
    const later = (h: number) => new Date(a.clock.nowMs() + h * 3600_000);
    await jobsA.schedule(later(5), 'spec.unique', { v: 1 }, { uniqueKey: 'event:1' });
    await jobsB.schedule(later(6), 'spec.unique', { v: 2 }, { uniqueKey: 'event:1' });
    await jobsA.schedule(later(7), 'spec.unique', { v: 3 }, { uniqueKey: 'event:2' });
    const pending = await jobsA.list('spec.unique');
    expect(pending.map((j) => j.uniqueKey).sort()).toEqual(['event:1', 'event:2']);
    expect(await jobsA.cancel('spec.unique', 'event:1')).toBe(1);
    expect((await jobsA.list('spec.unique')).map((j) => j.uniqueKey)).toEqual(['event:2']);
  });

  it('keeps one repeating payment-hold sweep for all instances', async () => {
    const sweeps = await jobsA.list(HOLD_SWEEP_JOB);
    expect(sweeps).toHaveLength(1);
    expect(sweeps[0].nextRunAt).toBeInstanceOf(Date);
  });

  it('lets a running job finish before the app shuts down', async () => {
    const c = await startTestApp({ JOBS_POLL_MS: '20', MONGODB_URI: a.app.get(DatabaseTarget).uri }, a.wechat);
    const jobsC = c.app.get(Jobs);
    let started = false;
    let finished = false;
    jobsC.define('spec.slow', async () => {
      started = true;
      await new Promise((r) => setTimeout(r, 200));
      finished = true;
    });
    await jobsC.now('spec.slow', {});
    await waitFor('the slow job to start', () => started);
    await c.close();
    expect(finished).toBe(true);
    expect((await jobsA.list('spec.slow'))[0].lastFinishedAt).toBeInstanceOf(Date);
  });
});
