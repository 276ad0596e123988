/**
 * Events benchmarks against a started server (built apps/server, embedded in-memory engine):
 *   1. signup burst: N members sign up at once for one ticket type with quota Q;
 *   2. check-in: scans per second against a 5,000-ticket event, duplicate scans mixed in.
 * Prints figures; asserts nothing except that nothing was oversold or checked in twice.
 * Sizes: BENCH_SIGNUPS (default 1000), BENCH_QUOTA (200), BENCH_TICKETS (5000), BENCH_CONCURRENCY (50).
 */
import { performance } from 'node:perf_hooks';
import { ApiRoutes, createApiClient, type ApiClient, type LoginResponse } from '@quanzi/contract';
import { assertServerBuilt, startServerProcess, type ServerProcess } from '../test/harness/server-process';

const SIGNUPS = Number(process.env.BENCH_SIGNUPS ?? 1000);
const QUOTA = Number(process.env.BENCH_QUOTA ?? 200);
const TICKETS = Number(process.env.BENCH_TICKETS ?? 5000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const PER_USER = 20;
const TYPES = 10;

interface Timed<T> {
  ms: number;
  status: number;
  body: T;
}

function client(baseUrl: string, token?: string): ApiClient {
  return createApiClient(async ({ method, path, body, headers }) => {
    const res = await fetch(baseUrl + path, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, data: text ? JSON.parse(text) : null };
  });
}

async function timedPost<T>(baseUrl: string, path: string, token: string, body: unknown): Promise<Timed<T>> {
  const start = performance.now();
  const res = await fetch(baseUrl + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as T;
  return { ms: performance.now() - start, status: res.status, body: json };
}

/** Runs `tasks` with at most `limit` in flight. */
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

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const fmt = (n: number) => n.toFixed(1);

async function setup(
  baseUrl: string,
  members: number,
  tag: string,
): Promise<{ admin: LoginResponse; circleId: string; people: LoginResponse[] }> {
  const api = client(baseUrl);
  const admin = await api.loginDev({ nickname: `bench-admin-${tag}` });
  const circleId = (await client(baseUrl, admin.token).createCircle({ name: `压测圈子${tag}`, joinPolicy: 'open' })).id;
  const people = await pool(members, CONCURRENCY, async (i) => {
    const who = await api.loginDev({ nickname: `bench-${tag}-${i}` });
    await client(baseUrl, who.token).joinCircle(circleId);
    return who;
  });
  return { admin, circleId, people };
}

async function signupBurst(baseUrl: string): Promise<void> {
  const { admin, circleId, people } = await setup(baseUrl, SIGNUPS, 's');
  const event = await client(baseUrl, admin.token).createEvent(circleId, {
    title: '抢票压测',
    mode: 'offline',
    location: '线下',
    startAt: '2031-01-01T02:00:00.000Z',
    endAt: '2031-01-01T04:00:00.000Z',
    ticketTypes: [{ name: '限量票', priceFen: 0, quota: QUOTA }],
    status: 'published',
  });
  const typeId = event.ticketTypes[0].id;
  const started = performance.now();
  // All at once, as a burst: every member's request is in flight together.
  const results = await Promise.all(
    people.map((p) =>
      timedPost<{ status?: string; code?: string }>(baseUrl, ApiRoutes.eventRegistrations(event.id), p.token, {
        ticketTypeId: typeId,
      }),
    ),
  );
  const wall = performance.now() - started;
  const confirmed = results.filter((r) => r.status === 201 && r.body.status === 'confirmed').length;
  const soldOut = results.filter((r) => r.body.code === 'SOLD_OUT').length;
  const other = results.length - confirmed - soldOut;
  const after = await client(baseUrl, admin.token).getEvent(event.id);
  const stats = await client(baseUrl, admin.token).eventStats(event.id);
  const oversell =
    Math.max(0, confirmed - QUOTA) +
    Math.max(0, after.ticketTypes[0].sold - QUOTA) +
    Math.max(0, stats.registered - QUOTA);
  const lat = results.map((r) => r.ms).sort((a, b) => a - b);
  console.log(`\n== signup burst: ${SIGNUPS} members, one ticket type, quota ${QUOTA}`);
  console.log(
    `confirmed ${confirmed}, sold out ${soldOut}, other ${other}, sold ${after.ticketTypes[0].sold}, registered (stats) ${stats.registered}`,
  );
  console.log(`oversell ${oversell}${oversell === 0 ? '' : '  <-- OVERSOLD'}`);
  console.log(
    `throughput ${fmt((results.length / wall) * 1000)} signups/s (wall ${fmt(wall)} ms); latency p50 ${fmt(pct(lat, 50))} ms, p99 ${fmt(pct(lat, 99))} ms, max ${fmt(lat[lat.length - 1])} ms`,
  );
  if (oversell !== 0 || confirmed !== Math.min(QUOTA, SIGNUPS)) process.exitCode = 1;
}

async function checkinBench(baseUrl: string): Promise<void> {
  const holders = Math.ceil(TICKETS / PER_USER);
  const { admin, circleId, people } = await setup(baseUrl, holders, 'c');
  const adminApi = client(baseUrl, admin.token);
  const event = await adminApi.createEvent(circleId, {
    title: '签到压测',
    mode: 'offline',
    location: '会场',
    startAt: '2031-01-01T02:00:00.000Z',
    endAt: '2031-01-01T04:00:00.000Z',
    // Ten ticket types so filling the event (not what is measured) runs in parallel.
    ticketTypes: Array.from({ length: TYPES }, (_, t) => ({
      name: `入场票${t + 1}`,
      priceFen: 0,
      quota: Math.ceil(TICKETS / TYPES),
      perUserLimit: PER_USER,
    })),
    status: 'published',
  });
  const filling = performance.now();
  await pool(TICKETS, CONCURRENCY, (i) =>
    client(baseUrl, people[Math.floor(i / TYPES) % holders].token).register(event.id, {
      ticketTypeId: event.ticketTypes[i % TYPES].id,
    }),
  );
  const fillMs = performance.now() - filling;
  const codes: string[] = [];
  for (let cursor: string | null | undefined; ;) {
    const page = await adminApi.listRegistrations(event.id, { limit: 100, ...(cursor ? { cursor } : {}) });
    codes.push(...page.items.map((r) => r.ticketCode!));
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  // Every ticket once, plus one duplicate for every fifth ticket, shuffled together.
  const scans = [...codes, ...codes.filter((_, i) => i % 5 === 0)];
  for (let i = scans.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1));
    [scans[i], scans[j]] = [scans[j], scans[i]];
  }
  const started = performance.now();
  const results = await pool(scans.length, CONCURRENCY, (i) =>
    timedPost<{ result?: string }>(baseUrl, ApiRoutes.eventCheckins(event.id), admin.token, { ticketCode: scans[i] }),
  );
  const wall = performance.now() - started;
  const first = results.filter((r) => r.body.result === 'checked_in').length;
  const dup = results.filter((r) => r.body.result === 'already_checked_in').length;
  const stats = await adminApi.eventStats(event.id);
  const lat = results.map((r) => r.ms).sort((a, b) => a - b);
  console.log(
    `\n== check-in: ${codes.length}-ticket event (filled over HTTP in ${fmt(fillMs / 1000)} s), ${scans.length} scans (${scans.length - codes.length} duplicates), ${CONCURRENCY} scanners`,
  );
  console.log(
    `checked_in ${first}, already_checked_in ${dup}, errors ${results.length - first - dup}, stats checkedIn ${stats.checkedIn}`,
  );
  console.log(
    `throughput ${fmt((results.length / wall) * 1000)} scans/s (wall ${fmt(wall)} ms); latency p50 ${fmt(pct(lat, 50))} ms, p99 ${fmt(pct(lat, 99))} ms`,
  );
  if (first !== codes.length || stats.checkedIn !== codes.length) process.exitCode = 1;
}

export async function runEventsBench(): Promise<void> {
  assertServerBuilt();
  let server: ServerProcess | null = null;
  try {
    server = await startServerProcess({ label: 'bench-events', env: { EVENT_HOLD_SWEEP_MS: '0' } });
    await signupBurst(server.baseUrl);
    await checkinBench(server.baseUrl);
  } catch (error) {
    server?.printOutput('benchmark failed');
    throw error;
  } finally {
    await server?.stop();
  }
}

if (require.main === module) {
  void runEventsBench().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
