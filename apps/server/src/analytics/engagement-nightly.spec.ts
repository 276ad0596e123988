import { DatabaseTarget } from '../database/database.target';
import { Jobs } from '../jobs/jobs.service';
import { startTestApp, type TestContext } from '../testing/test-app';
import { shanghaiDay } from '../common/china-time';
import { ENGAGEMENT_NIGHTLY_JOB, nextChinaHour } from './engagement-nightly.service';
import { EngagementService } from './engagement.service';

async function waitFor(what: string, cond: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('nextChinaHour', () => {
  it('is the next full hour in China time, tomorrow once today’s has passed', () => {
    const now = new Date('2026-12-08T03:00:00.000Z'); // 11:00 in Shanghai
    expect(nextChinaHour(now, 12).toISOString()).toBe('2026-12-08T04:00:00.000Z');
    expect(nextChinaHour(now, 3).toISOString()).toBe('2026-12-08T19:00:00.000Z');
    expect(nextChinaHour(now, 11).toISOString()).toBe('2026-12-09T03:00:00.000Z');
    expect(nextChinaHour(now, 0).toISOString()).toBe('2026-12-08T16:00:00.000Z');
  });
});

describe('nightly engagement recompute as a durable job', () => {
  let a: TestContext;
  const env = { JOBS_POLL_MS: '20', ENGAGEMENT_NIGHTLY_HOUR: '3' };

  beforeAll(async () => {
    a = await startTestApp(env);
  });
  afterAll(() => a.close());

  it('keeps one pending job per night across processes, runs it at 03:00 China time and schedules the next', async () => {
    // A second process booting on the same database agrees on the same single job.
    const b = await startTestApp({ ...env, MONGODB_URI: a.app.get(DatabaseTarget).uri }, a.wechat);
    await b.close();
    const jobs = a.app.get(Jobs);
    const first = nextChinaHour(a.clock.now(), 3);
    const pending = await jobs.list(ENGAGEMENT_NIGHTLY_JOB);
    expect(pending.map((j) => j.uniqueKey)).toEqual([shanghaiDay(first)]);

    const recompute = jest.spyOn(a.app.get(EngagementService), 'recomputeAll');
    a.clock.advance(first.getTime() - a.clock.nowMs() - 60_000);
    await a.clock.settled();
    await new Promise((r) => setTimeout(r, 200));
    expect(recompute).not.toHaveBeenCalled();

    a.clock.advance(60_000);
    await a.clock.settled();
    await waitFor('the nightly run', async () =>
      (await jobs.list(ENGAGEMENT_NIGHTLY_JOB)).some((j) => j.lastFinishedAt !== null),
    );
    expect(recompute).toHaveBeenCalledTimes(1);
    const next = nextChinaHour(a.clock.now(), 3);
    expect(next.getTime() - first.getTime()).toBe(24 * 3600_000);
    const after = await jobs.list(ENGAGEMENT_NIGHTLY_JOB);
    expect(after.filter((j) => j.lastFinishedAt === null).map((j) => j.uniqueKey)).toEqual([shanghaiDay(next)]);
  });
});
