import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { startFakeWechat } from '../fakes/wechat-fake';
import { apiClient, serverEntry, usePersistentServer, type ServerProcess } from '../harness';

/**
 * Issue 11: a SIGKILL during a burst of likes, joins and votes must leave every stored counter
 * equal to its recount, and the server on the same data directory must start again at once.
 */
const CYCLES = Number(process.env.CRASH_CYCLES ?? 10);
/** Each member likes, joins and votes: 3 × MEMBERS operations fired at once. */
const MEMBERS = 170;
/** Kill once this many operations answered (writes are committing): the rest, 500+, are still in flight. */
const KILL_AFTER = 5;
const MIN_IN_FLIGHT = 500;
/** Runs `task(0 … n-1)`, `size` at a time. */
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

const repairScript = path.join(path.dirname(serverEntry), 'counters', 'repair-counters.js');

/** Runs `repair-counters` (check only) against the running server's embedded engine. */
function recount(server: ServerProcess): Promise<{ code: number; out: string }> {
  const line = server.output().find((l) => /embedded engine on port \d+/.test(l));
  const port = line?.match(/embedded engine on port (\d+)/)?.[1];
  if (!port) throw new Error('the server did not log its embedded engine port');
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [repairScript],
      {
        env: { ...process.env, MONGODB_URI: `mongodb://127.0.0.1:${port}/?directConnection=true`, DATA_DIR: undefined },
        timeout: 60_000,
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 2) : 0, out: `${stdout}${stderr}` }),
    );
  });
}

describe('stored counters after a crash', () => {
  const disk = usePersistentServer('crash-data');
  let wechat: Awaited<ReturnType<typeof startFakeWechat>>;

  beforeAll(async () => {
    wechat = await startFakeWechat();
  });

  afterAll(async () => {
    await wechat?.stop();
  });

  const boot = (label: string) =>
    disk.boot(label, { WECHAT_API_BASE: wechat.baseUrl, WECHAT_APPID: wechat.appId, WECHAT_SECRET: wechat.secret });

  const title =
    `${CYCLES} SIGKILLs mid-burst of ${3 * MEMBERS} likes, joins and votes: ` +
    'counters equal their recount, restarts succeed at once';
  test(
    title,
    async () => {
      const started = Date.now();
      let s = await boot('crash-0');
      const login = async (i: number) => apiClient(s.baseUrl).loginWechat({ code: `code-openid-crash-${i}` });
      const owner = await login(0);
      const circle = await apiClient(s.baseUrl, owner.token).createCircle({ name: '断电演练', joinPolicy: 'open' });
      const circleId = circle.id;
      const members = await inPool(MEMBERS, 20, async (i) => {
        const member = await login(i + 1);
        await apiClient(s.baseUrl, member.token).joinCircle(circleId);
        return member;
      });
      const figures: string[] = [];
      const mark = (what: string) =>
        process.env.CRASH_TRACE && process.stderr.write(`${((Date.now() - started) / 1000).toFixed(1)} s ${what}\n`);
      mark('setup done');

      for (let cycle = 1; cycle <= CYCLES; cycle += 1) {
        const admin = apiClient(s.baseUrl, owner.token);
        const post = await admin.createPost(circleId, { text: `第 ${cycle} 轮` });
        const poll = await admin.createPoll(circleId, {
          title: `第 ${cycle} 轮投票`,
          kind: 'poll',
          resultsVisibility: 'always',
          questions: [{ type: 'single', title: '选一个', options: [{ label: '甲' }, { label: '乙' }] }],
        });
        const [q] = poll.questions;
        const target = await admin.createCircle({ name: `第 ${cycle} 轮新圈`, joinPolicy: 'open' });
        const invite = await admin.createInvite(target.id, { channel: '演练' });

        mark(`cycle ${cycle} targets created`);
        let answered = 0;
        let settled = 0;
        const operations = members.flatMap((m, i) => {
          const as = apiClient(s.baseUrl, m.token);
          return [
            () => as.likePost(post.id),
            () => as.joinCircle(target.id, { inviteCode: invite.code }),
            () => as.respondToPoll(poll.id, { answers: [{ questionId: q.id, optionIds: [q.options[i % 2].id] }] }),
          ];
        });
        const burst = operations.map((op) =>
          op()
            .then(
              () => (answered += 1),
              () => undefined, // the kill cuts the rest off
            )
            .finally(() => (settled += 1)),
        );
        // Before the client's own 15 s request timeout could end any of them.
        const deadline = Date.now() + 10_000;
        while (answered < KILL_AFTER && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
        const inFlight = operations.length - settled;
        mark(`cycle ${cycle} ${answered} answered, killing`);
        await s.crash();
        await Promise.all(burst);
        expect(inFlight).toBeGreaterThanOrEqual(MIN_IN_FLIGHT);

        mark(`cycle ${cycle} killed`);
        const restartAt = Date.now();
        s = await boot(`crash-${cycle}`); // the first attempt must come up: no stale lock, no replay failure
        const restartMs = Date.now() - restartAt;
        mark(`cycle ${cycle} restarted`);
        const check = await recount(s);
        mark(`cycle ${cycle} recounted`);
        if (check.code !== 0) s.printOutput(`counters drifted after crash ${cycle}`);
        expect(check.out).toContain('every stored counter equals its recount');
        expect(check.code).toBe(0);
        const likes = (await apiClient(s.baseUrl, owner.token).getPost(post.id)).likeCount;
        figures.push(`cycle ${cycle}: ${inFlight} in flight at the kill, ${likes} likes kept, restart ${restartMs} ms`);
      }
      process.stdout.write(`${figures.join('\n')}\ntotal ${Math.round((Date.now() - started) / 1000)} s\n`);
    },
    900_000,
  );
});
