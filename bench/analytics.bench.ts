/**
 * Analytics benchmark (issue 14): dashboards read rollups, so their latency must not grow with
 * the activity log. Against a started server (built apps/server, embedded in-memory engine):
 *   - a big circle: BENCH_MEMBERS members (10,000) and BENCH_ACTIVITIES log rows (1,000,000);
 *   - a small circle: the same members and BENCH_SMALL_ACTIVITIES rows (10,000);
 * both generated directly in the database (memberships, activity log, and the analytics
 * rollups those rows imply), then overview / channels / retention are timed (p50, p99) for both,
 * with their ratio (goal ≤ 1.5), and the engagement recompute of the big circle is timed.
 * Run: npm run build -w @quanzi/server && node -r @swc-node/register bench/analytics.bench.ts
 */
import { performance } from 'node:perf_hooks';
import { createApiClient, type ApiClient } from '@quanzi/contract';
import { MongoClient, ObjectId, type Db } from 'mongodb';
import { assertServerBuilt, startServerProcess, type ServerProcess } from '../test/harness/server-process';

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 10_000);
const ACTIVITIES = Number(process.env.BENCH_ACTIVITIES ?? 1_000_000);
const SMALL_ACTIVITIES = Number(process.env.BENCH_SMALL_ACTIVITIES ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const DAYS = 90;
const BATCH = 5_000;
const DAY_MS = 86_400_000;
const TYPES = [
  ['post.created', 'posts'],
  ['comment.created', 'comments'],
  ['post.liked', 'likes'],
  ['poll.responded', 'votes'],
  ['registration.confirmed', 'signups'],
  ['checkin.recorded', 'checkins'],
] as const;
const CHANNELS = ['路演海报', '公众号', '成员邀请', '直接加入'];

function client(baseUrl: string, token?: string): ApiClient {
  return createApiClient(async ({ method, path, body }) => {
    const res = await fetch(baseUrl + path, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, data: text ? JSON.parse(text) : null };
  });
}

const dayOf = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
const mondayOf = (day: string) => {
  const ms = Date.parse(`${day}T00:00:00Z`);
  return new Date(ms - ((new Date(ms).getUTCDay() + 6) % 7) * DAY_MS).toISOString().slice(0, 10);
};

async function insertAll(db: Db, name: string, docs: Iterable<Record<string, unknown>>): Promise<number> {
  let batch: Record<string, unknown>[] = [];
  let n = 0;
  for (const d of docs) {
    batch.push(d);
    if (batch.length === BATCH) {
      await db.collection(name).insertMany(batch, { ordered: false });
      n += batch.length;
      batch = [];
      if (n % 100_000 === 0) console.log(`    ${name}: ${n.toLocaleString()}`);
    }
  }
  if (batch.length) await db.collection(name).insertMany(batch, { ordered: false });
  return n + batch.length;
}

/** Members, their activity log rows and the rollups the recorder would have kept for them. */
async function seedCircle(db: Db, circleId: ObjectId, activities: number, now: number): Promise<void> {
  const users = Array.from({ length: MEMBERS }, () => new ObjectId());
  const joined = users.map((_, i) => now - (1 + (i % DAYS)) * DAY_MS);
  const channelOf = (i: number) => CHANNELS[i % CHANNELS.length];
  await insertAll(
    db,
    'memberships',
    users.map((userId, i) => ({
      circleId,
      userId,
      role: 'member',
      status: 'active',
      via: { inviteCode: null, inviterId: null, channel: channelOf(i) === '直接加入' ? null : channelOf(i) },
      requestedAt: new Date(joined[i]),
      joinedAt: new Date(joined[i]),
      tags: [],
    })),
  );
  // Activity: each member acts on ~10 days, several actions a day, after joining.
  const perMember = Math.max(1, Math.round(activities / MEMBERS));
  const activeDays = Math.min(10, perMember);
  const memberDays = new Map<string, Record<string, unknown>>();
  const circleDays = new Map<string, Record<string, number>>();
  const periods = new Map<string, Set<number>>();
  const cohortActive = new Map<string, number>();
  function* log() {
    for (let i = 0; i < MEMBERS; i += 1) {
      const sinceJoin = Math.max(1, Math.floor((now - joined[i]) / DAY_MS));
      for (let a = 0; a < perMember; a += 1) {
        const at = now - (((i * 7 + (a % activeDays) * 13) % sinceJoin) + 0.5) * DAY_MS;
        const [type, field] = TYPES[(i + a) % TYPES.length];
        const day = dayOf(at);
        const key = `${i}|${day}`;
        const md = memberDays.get(key) ?? { circleId, day, userId: users[i] };
        md[field] = ((md[field] as number) ?? 0) + 1;
        if (!memberDays.has(key)) {
          memberDays.set(key, md);
          const cd = circleDays.get(day) ?? {};
          cd.dau = (cd.dau ?? 0) + 1;
          circleDays.set(day, cd);
        }
        const cd = circleDays.get(day)!;
        cd[field] = (cd[field] ?? 0) + 1;
        for (const period of [`w:${mondayOf(day)}`, `m:${day.slice(0, 7)}`]) {
          const set = periods.get(period) ?? new Set<number>();
          if (!set.has(i) && period.startsWith('w:')) {
            const weeks = Math.round(
              (Date.parse(mondayOf(day)) - Date.parse(mondayOf(dayOf(joined[i])))) / (7 * DAY_MS),
            );
            const ck = `${mondayOf(dayOf(joined[i]))}|${channelOf(i)}|${weeks}`;
            cohortActive.set(ck, (cohortActive.get(ck) ?? 0) + 1);
          }
          set.add(i);
          periods.set(period, set);
        }
        yield { type, circleId, actorId: users[i], data: { circleId: String(circleId) }, at: new Date(at) };
      }
    }
  }
  const started = performance.now();
  const rows = await insertAll(db, 'activities', log());
  console.log(`  ${rows.toLocaleString()} activity rows in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  await insertAll(db, 'analytics_member_days', memberDays.values());
  await insertAll(
    db,
    'analytics_circle_days',
    [...circleDays.entries()].map(([day, c]) => ({ circleId, day, ...c })),
  );
  await insertAll(
    db,
    'analytics_circle_periods',
    [...periods.entries()].map(([period, s]) => ({ circleId, period, active: s.size })),
  );
  const joins = new Map<string, number>();
  const cohorts = new Map<string, { size: number; active: Record<string, number> }>();
  users.forEach((_, i) => {
    const day = dayOf(joined[i]);
    joins.set(`${day}|${channelOf(i)}`, (joins.get(`${day}|${channelOf(i)}`) ?? 0) + 1);
    const ck = `${mondayOf(day)}|${channelOf(i)}`;
    const c = cohorts.get(ck) ?? { size: 0, active: {} };
    c.size += 1;
    cohorts.set(ck, c);
  });
  for (const [k, n] of cohortActive) {
    const [week, channel, weeks] = k.split('|');
    cohorts.get(`${week}|${channel}`)!.active[weeks] = n;
  }
  await insertAll(
    db,
    'analytics_channel_days',
    [...joins.entries()].map(([k, n]) => {
      const [day, channel] = k.split('|');
      return { circleId, day, channel, joins: n, leaves: 0, activeD7: 0, activeD30: 0, signups: 0, checkins: 0 };
    }),
  );
  await insertAll(
    db,
    'analytics_cohorts',
    [...cohorts.entries()].map(([k, c]) => {
      const [week, channel] = k.split('|');
      return { circleId, week, channel, ...c };
    }),
  );
  await insertAll(
    db,
    'analytics_members',
    users.map((userId, i) => ({
      circleId,
      userId,
      channel: channelOf(i),
      inviteCode: null,
      inviterId: channelOf(i) === '成员邀请' ? users[(i + 1) % MEMBERS] : null,
      joinedAt: new Date(joined[i]),
      joinDay: dayOf(joined[i]),
      joinWeek: mondayOf(dayOf(joined[i])),
      lastActiveAt: new Date(now - DAY_MS),
      d7: false,
      d30: false,
    })),
  );
  await db.collection('circles').updateOne({ _id: circleId }, { $inc: { memberCount: MEMBERS } });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function time(task: () => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  await task(); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const start = performance.now();
    await task();
    ms.push(performance.now() - start);
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p99: percentile(ms, 99) };
}

async function main(): Promise<void> {
  assertServerBuilt();
  let server: ServerProcess | null = null;
  let mongo: MongoClient | null = null;
  try {
    server = await startServerProcess({ label: 'bench-analytics', env: { EVENT_HOLD_SWEEP_MS: '0' } });
    const port = server
      .output()
      .map((l) => l.match(/embedded engine on port (\d+)/)?.[1])
      .find(Boolean);
    if (!port) throw new Error('the server did not log its embedded engine port');
    const api = client(server.baseUrl);
    const owner = await api.loginDev({ nickname: 'bench-owner' });
    const as = client(server.baseUrl, owner.token);
    const big = await as.createCircle({ name: '大圈', joinPolicy: 'open' });
    const small = await as.createCircle({ name: '小圈', joinPolicy: 'open' });

    mongo = await MongoClient.connect(`mongodb://127.0.0.1:${port}/?directConnection=true`);
    const { databases } = await mongo.db('admin').admin().listDatabases();
    let db: Db | null = null;
    for (const d of databases) {
      if (
        await mongo
          .db(d.name)
          .collection('circles')
          .findOne({ _id: new ObjectId(big.id) })
      )
        db = mongo.db(d.name);
    }
    if (!db) throw new Error('could not find the server database');
    const now = Date.now();
    console.log(`seeding big circle: ${MEMBERS} members, ${ACTIVITIES.toLocaleString()} activities`);
    let started = performance.now();
    await seedCircle(db, new ObjectId(big.id), ACTIVITIES, now);
    console.log(`  seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    console.log(`seeding small circle: ${MEMBERS} members, ${SMALL_ACTIVITIES.toLocaleString()} activities`);
    await seedCircle(db, new ObjectId(small.id), SMALL_ACTIVITIES, now);

    const range = { from: dayOf(now - (DAYS - 1) * DAY_MS), to: dayOf(now) };
    const routes: [string, (id: string) => Promise<unknown>][] = [
      ['overview (90 days)', (id) => as.analyticsOverview(id, range)],
      ['channels (90 days)', (id) => as.analyticsChannels(id, range)],
      ['retention (90 days)', (id) => as.analyticsRetention(id, range)],
    ];
    console.log(`\ndashboard latency over ${RUNS} sequential requests (ms)`);
    console.log('route                 big p50  big p99  small p50  small p99  ratio p50  ratio p99');
    for (const [name, call] of routes) {
      const b = await time(() => call(big.id));
      const s = await time(() => call(small.id));
      console.log(
        `${name.padEnd(20)} ${b.p50.toFixed(1).padStart(8)} ${b.p99.toFixed(1).padStart(8)} ${s.p50
          .toFixed(1)
          .padStart(10)} ${s.p99.toFixed(1).padStart(10)} ${(b.p50 / s.p50).toFixed(2).padStart(10)} ${(b.p99 / s.p99)
          .toFixed(2)
          .padStart(10)}`,
      );
    }
    started = performance.now();
    const res = await as.recomputeEngagement(big.id);
    console.log(
      `\nengagement recompute, big circle: ${res.members} members in ${((performance.now() - started) / 1000).toFixed(2)} s`,
    );
    started = performance.now();
    await as.recomputeEngagement(small.id);
    console.log(`engagement recompute, small circle: ${((performance.now() - started) / 1000).toFixed(2)} s`);
  } catch (error) {
    server?.printOutput('benchmark failed');
    throw error;
  } finally {
    await mongo?.close();
    await server?.stop();
  }
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
