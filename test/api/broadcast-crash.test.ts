import type { ApiClient } from '@quanzi/contract';
import { startFakeWechat } from '../fakes/wechat-fake';
import { apiClient, usePersistentServer } from '../harness';

/**
 * Issue 13: a broadcast's fan-out is a durable job. SIGKILL the server mid-send; after a restart
 * on the same data every remaining member gets the broadcast, and nobody gets it twice.
 */
const MEMBERS = 200;
/** Small batches so the send lasts long enough to be cut in the middle. */
const BATCH = '4';

async function inPool<T>(n: number, size: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const i = next++;
      out[i] = await task(i);
    }
  };
  await Promise.all(Array.from({ length: size }, worker));
  return out;
}

async function waitFor(what: string, cond: () => Promise<boolean>, ms = 60_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('broadcast delivery after a crash', () => {
  const disk = usePersistentServer('broadcast-crash');
  let wechat: Awaited<ReturnType<typeof startFakeWechat>>;

  beforeAll(async () => {
    wechat = await startFakeWechat();
  });
  afterAll(async () => {
    await wechat?.stop();
  });

  const boot = (label: string) =>
    disk.boot(label, {
      WECHAT_API_BASE: wechat.baseUrl,
      WECHAT_APPID: wechat.appId,
      WECHAT_SECRET: wechat.secret,
      JOBS_POLL_MS: '50',
      BROADCAST_BATCH_SIZE: BATCH,
      // A killed fan-out is resumed this long after its last batch.
      BROADCAST_LOCK_MS: '2000',
    });

  test(`SIGKILL mid-send to ${MEMBERS} members: after restart each gets it exactly once`, async () => {
    let s = await boot('broadcast-crash-0');
    const login = (i: number) => apiClient(s.baseUrl).loginWechat({ code: `code-openid-bc-crash-${i}` });
    const owner = await login(0);
    const circleId = (await apiClient(s.baseUrl, owner.token).createCircle({ name: '断电群发', joinPolicy: 'open' }))
      .id;
    const members = await inPool(MEMBERS, 20, async (i) => {
      const m = await login(i + 1);
      await apiClient(s.baseUrl, m.token).joinCircle(circleId);
      return m;
    });
    const admin = (): ApiClient => apiClient(s.baseUrl, owner.token);
    const b = await admin().createBroadcast(circleId, {
      title: '断电也要送到',
      body: '每人一次',
      audience: { all: true },
    });
    expect(b.audienceCount).toBe(MEMBERS + 1);

    let deliveredAtKill = 0;
    await waitFor('the send to be under way', async () => {
      deliveredAtKill = (await admin().getBroadcast(b.id)).stats.delivered;
      return deliveredAtKill >= 20;
    });
    await s.crash();
    expect(deliveredAtKill).toBeLessThan(MEMBERS / 2);

    s = await boot('broadcast-crash-1');
    await waitFor('the resumed send', async () => (await admin().getBroadcast(b.id)).status === 'sent');
    const detail = await admin().getBroadcast(b.id);
    expect(detail.stats).toMatchObject({ audience: MEMBERS + 1, delivered: MEMBERS + 1, skipped: {} });
    const counts = await inPool(members.length, 20, async (i) => {
      const page = await apiClient(s.baseUrl, members[i].token).myNotifications({ limit: 50 });
      return page.items.filter((n) => n.kind === 'broadcast' && n.title === '断电也要送到').length;
    });
    expect(counts.filter((c) => c !== 1)).toEqual([]);
    process.stderr.write(`broadcast crash: killed at ${deliveredAtKill}/${MEMBERS + 1} delivered; resumed to all\n`);
  }, 240_000);
});
