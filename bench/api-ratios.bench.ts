/**
 * API ratios (issue 18) against a started server (built apps/server, embedded in-memory engine),
 * all figures from one run, printed as the table rows:
 *   `/me` ÷ `/health`, feed page ÷ `/me`, check-in ÷ `/me` (p99), signup burst ÷ `/me` (p99,
 *   oversell), and the server's RSS at idle and after.
 * Load comes from autocannon (in this process, so it shares the machine's cores with the server:
 * ratios are the comparable figure, absolute rates depend on the machine and its other load).
 * Sizes: BENCH_SECONDS per fixed-time route (default 5), BENCH_CONNECTIONS (20),
 * BENCH_CHECKIN_TICKETS (1500), BENCH_BURST (400), BENCH_BURST_SEATS (100), BENCH_ROUNDS (1: RSS per round).
 */
import * as fs from 'node:fs';
import autocannon from 'autocannon';
import { ApiRoutes, createApiClient, type ApiClient, type LoginResponse } from '@quanzi/contract';
import { assertServerBuilt, startServerProcess, type ServerProcess } from '../test/harness/server-process';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const CHECKIN_TICKETS = Number(process.env.BENCH_CHECKIN_TICKETS ?? 1500);
const BURST = Number(process.env.BENCH_BURST ?? 400);
const SEATS = Number(process.env.BENCH_BURST_SEATS ?? 100);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1);
const PER_USER = 20;
const SETUP_CONCURRENCY = 20;

function client(baseUrl: string, token?: string): ApiClient {
  return createApiClient(async ({ method, path, body }) => {
    const res = await fetch(baseUrl + path, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 200)}`);
    return { status: res.status, data: text ? JSON.parse(text) : null };
  });
}

async function pool<T>(count: number, limit: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, count) }, async () => {
      while (next < count) {
        const i = next++;
        out[i] = await task(i);
      }
    }),
  );
  return out;
}

interface Load {
  /** Completed requests per second over the run. */
  rate: number;
  p99: number;
  non2xx: number;
  errors: number;
  total: number;
}

async function load(options: autocannon.Options): Promise<Load> {
  const result = await autocannon({ connections: CONNECTIONS, ...options });
  const total = result.requests.total;
  return {
    rate: total / Math.max(result.duration, 0.001),
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    total,
  };
}

/** The server is a child of the harness's guard; its RSS is what the issue asks for. */
function serverRssMb(server: ServerProcess): number {
  const pids = (() => {
    try {
      return fs.readFileSync(`/proc/${server.pid}/task/${server.pid}/children`, 'utf8').trim().split(/\s+/);
    } catch {
      return [];
    }
  })();
  const pid = pids.find(Boolean) ?? String(server.pid);
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

const auth = (token: string) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });
const f2 = (n: number) => n.toFixed(2);
const f0 = (n: number) => n.toFixed(0);

async function people(baseUrl: string, circleId: string, count: number, tag: string): Promise<LoginResponse[]> {
  const api = client(baseUrl);
  return pool(count, SETUP_CONCURRENCY, async (i) => {
    const who = await api.loginDev({ nickname: `ratio-${tag}-${i}` });
    await client(baseUrl, who.token).joinCircle(circleId);
    return who;
  });
}

async function round(server: ServerProcess, n: number): Promise<void> {
  const baseUrl = server.baseUrl;
  const admin = await client(baseUrl).loginDev({ nickname: `ratio-admin-${n}` });
  const adminApi = client(baseUrl, admin.token);
  const circleId = (await adminApi.createCircle({ name: `比值压测${n}`, joinPolicy: 'open' })).id;

  // Feed: 20 posts by 20 authors, half of them liked by the reader.
  const authors = await people(baseUrl, circleId, 20, `a${n}`);
  const posts = await pool(20, SETUP_CONCURRENCY, (i) =>
    client(baseUrl, authors[i].token).createPost(circleId, { text: `压测帖子 ${i}：今天的活动很精彩` }),
  );
  await pool(10, SETUP_CONCURRENCY, (i) => adminApi.likePost(posts[i * 2].id));

  // Check-in: CHECKIN_TICKETS tickets, every ticket scanned once plus every fifth again (20 % repeats).
  const holders = await people(baseUrl, circleId, Math.ceil(CHECKIN_TICKETS / PER_USER), `h${n}`);
  const types = 10;
  const door = await adminApi.createEvent(circleId, {
    title: '签到比值压测',
    mode: 'offline',
    location: '会场',
    startAt: '2031-01-01T02:00:00.000Z',
    endAt: '2031-01-01T04:00:00.000Z',
    ticketTypes: Array.from({ length: types }, (_, t) => ({
      name: `入场票${t + 1}`,
      priceFen: 0,
      quota: Math.ceil(CHECKIN_TICKETS / types),
      perUserLimit: PER_USER,
    })),
    status: 'published',
  });
  await pool(CHECKIN_TICKETS, SETUP_CONCURRENCY, (i) =>
    client(baseUrl, holders[Math.floor(i / types) % holders.length].token).register(door.id, {
      ticketTypeId: door.ticketTypes[i % types].id,
    }),
  );
  const codes: string[] = [];
  for (let cursor: string | null | undefined; ;) {
    const page = await adminApi.listRegistrations(door.id, { limit: 100, ...(cursor ? { cursor } : {}) });
    codes.push(...page.items.map((r) => r.ticketCode!));
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  const scans = [...codes, ...codes.filter((_, i) => i % 5 === 0)];
  for (let i = scans.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1));
    [scans[i], scans[j]] = [scans[j], scans[i]];
  }

  // Signup burst: BURST members at once for SEATS seats.
  const burstPeople = await people(baseUrl, circleId, BURST, `b${n}`);
  const burstEvent = await adminApi.createEvent(circleId, {
    title: '抢票比值压测',
    mode: 'offline',
    location: '线下',
    startAt: '2031-01-01T02:00:00.000Z',
    endAt: '2031-01-01T04:00:00.000Z',
    ticketTypes: [{ name: '限量票', priceFen: 0, quota: SEATS }],
    status: 'published',
  });

  const idleRss = serverRssMb(server);

  // Measured runs, one after another.
  const health = await load({ url: baseUrl + ApiRoutes.health, duration: SECONDS });
  const me = await load({ url: baseUrl + ApiRoutes.me, duration: SECONDS, headers: auth(admin.token) });
  const feed = await load({
    url: `${baseUrl}${ApiRoutes.circlePosts(circleId)}?limit=20`,
    duration: SECONDS,
    headers: auth(admin.token),
  });

  let scanned = 0;
  let checkedIn = 0;
  let repeats = 0;
  const checkin = await load({
    url: baseUrl,
    connections: 20,
    amount: scans.length,
    headers: auth(admin.token),
    requests: [
      {
        method: 'POST',
        path: ApiRoutes.eventCheckins(door.id),
        setupRequest: (req) => ({ ...req, body: JSON.stringify({ ticketCode: scans[scanned++ % scans.length] }) }),
        onResponse: (status, body) => {
          const result = status < 300 ? (JSON.parse(body) as { result?: string }).result : undefined;
          if (result === 'checked_in') checkedIn += 1;
          else if (result === 'already_checked_in') repeats += 1;
        },
      },
    ],
  });

  let signedUp = 0;
  let confirmed = 0;
  let soldOut = 0;
  const burst = await load({
    url: baseUrl,
    connections: BURST,
    amount: BURST,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        path: ApiRoutes.eventRegistrations(burstEvent.id),
        setupRequest: (req) => ({
          ...req,
          headers: auth(burstPeople[signedUp++ % burstPeople.length].token),
          body: JSON.stringify({ ticketTypeId: burstEvent.ticketTypes[0].id }),
        }),
        onResponse: (status, body) => {
          const parsed = JSON.parse(body) as { status?: string; code?: string };
          if (status === 201 && parsed.status === 'confirmed') confirmed += 1;
          else if (parsed.code === 'SOLD_OUT') soldOut += 1;
        },
      },
    ],
  });
  const afterBurst = await adminApi.getEvent(burstEvent.id);
  const burstStats = await adminApi.eventStats(burstEvent.id);
  const oversell =
    Math.max(0, confirmed - SEATS) +
    Math.max(0, afterBurst.ticketTypes[0].sold - SEATS) +
    Math.max(0, burstStats.registered - SEATS);
  const doorStats = await adminApi.eventStats(door.id);
  const afterRss = serverRssMb(server);

  const rows = [
    `| \`GET /api/me\` ÷ \`GET /api/health\` | ${f2(me.rate / health.rate)} (${f0(me.rate)} ÷ ${f0(health.rate)} req/s) | ≥ 0.5 |`,
    `| feed page (20 posts with authors, likes by me) ÷ \`/me\` | ${f2(feed.rate / me.rate)} (${f0(feed.rate)} req/s) | ≥ 0.7 |`,
    `| check-in ÷ \`/me\`, 20 scanners, 20 % repeats | ${f2(checkin.rate / me.rate)} (${f0(checkin.rate)} scans/s), p99 ${f0(checkin.p99)} ms | ≥ 0.6, p99 ≤ 50 ms |`,
    `| signup burst (${BURST} at once, ${SEATS} seats) ÷ \`/me\` | ${f2(burst.rate / me.rate)} (${f0(burst.rate)} signups/s), p99 ${f0(burst.p99)} ms, oversell ${oversell} | ≥ 0.3, p99 ≤ 1 s, oversell 0 |`,
    `| server RSS idle / after | ${f0(idleRss)} MB / ${f0(afterRss)} MB | no growth across runs |`,
  ];
  console.log(
    `\n== API ratios, round ${n} of ${ROUNDS} (autocannon, ${CONNECTIONS} connections, ${SECONDS} s per route)`,
  );
  console.log('| figure | measured | goal |\n|---|---|---|');
  for (const row of rows) console.log(row);
  console.log(
    `check-in: ${scans.length} scans, checked_in ${checkedIn}, already_checked_in ${repeats}, stats checkedIn ${doorStats.checkedIn}; ` +
      `burst: confirmed ${confirmed}, sold out ${soldOut}, sold ${afterBurst.ticketTypes[0].sold}; ` +
      `non-2xx health/me/feed ${health.non2xx}/${me.non2xx}/${feed.non2xx}, socket errors ${health.errors + me.errors + feed.errors + checkin.errors + burst.errors}`,
  );
  const correct =
    oversell === 0 &&
    confirmed === Math.min(SEATS, BURST) &&
    checkedIn === codes.length &&
    doorStats.checkedIn === codes.length &&
    health.non2xx + me.non2xx + feed.non2xx === 0;
  if (!correct) {
    console.log('  <-- WRONG: oversold, a ticket checked in twice or not at all, or an error answer');
    process.exitCode = 1;
  }
}

export async function runApiRatios(): Promise<void> {
  assertServerBuilt();
  let server: ServerProcess | null = null;
  try {
    server = await startServerProcess({
      label: 'bench-ratios',
      env: {
        EVENT_HOLD_SWEEP_MS: '0',
        ...(process.env.BENCH_SERVER_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_SERVER_NODE_OPTIONS } : {}),
      },
    });
    for (let n = 1; n <= ROUNDS; n += 1) await round(server, n);
  } catch (error) {
    server?.printOutput('benchmark failed');
    throw error;
  } finally {
    await server?.stop();
  }
}

if (require.main === module) {
  void runApiRatios().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
