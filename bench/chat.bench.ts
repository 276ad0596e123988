/**
 * Live chat benchmark against a started server (built apps/server, embedded in-memory engine):
 * BENCH_CLIENTS (1000) WebSocket clients of /api/ws in BENCH_ROOMS (20) event rooms, each a ticket
 * holder; BENCH_RATE (50) messages per second for BENCH_SECONDS (20), each sent by a holder of its
 * room in turn. Prints delivery latency p50/p99 (send → receipt by every other client of the
 * room, measured in this process), the server's memory per connection, and lost messages (a
 * message some client of its room never received): that must be 0.
 * Run: npm run bench:chat (builds the server first).
 */
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createApiClient, LiveRooms, type ApiClient, type LiveServerFrame, type LoginResponse } from '@quanzi/contract';
import WebSocket from 'ws';
import { assertServerBuilt, startServerProcess, type ServerProcess } from '../test/harness/server-process';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 1000);
const ROOMS = Number(process.env.BENCH_ROOMS ?? 20);
const RATE = Number(process.env.BENCH_RATE ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
/** After the last send, how long deliveries may still arrive before a missing one counts as lost. */
const DRAIN_MS = 60_000;
/** Error frames received (a refused send would show up here and as lost messages). */
const errors: string[] = [];

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

/** The server under the harness's guard process. */
const serverPid = (guard: number) =>
  Number(fs.readFileSync(`/proc/${guard}/task/${guard}/children`, 'utf8').trim().split(/\s+/)[0]);
const rssKb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

interface Member {
  login: LoginResponse;
  room: string;
  socket?: WebSocket;
  /** clientId → receipt time */
  received: Map<string, number>;
}

async function run(server: ServerProcess): Promise<void> {
  const api = client(server.baseUrl);
  const admin = await api.loginDev({ nickname: 'bench-admin' });
  const asAdmin = client(server.baseUrl, admin.token);
  const circleId = (await asAdmin.createCircle({ name: '压测圈', joinPolicy: 'open' })).id;
  const events = await pool(ROOMS, 5, async (r) => {
    const event = await asAdmin.createEvent(circleId, {
      title: `压测聊天室 ${r}`,
      mode: 'offline',
      location: '线上',
      startAt: '2031-06-01T01:00:00.000Z',
      endAt: '2031-06-01T04:00:00.000Z',
      ticketTypes: [{ name: '普通票', priceFen: 0, quota: CLIENTS }],
      status: 'published',
    });
    await asAdmin.updateEvent(event.id, { chatEnabled: true });
    return event;
  });
  let t = performance.now();
  const members: Member[] = await pool(CLIENTS, 20, async (i) => {
    const login = await api.loginDev({ nickname: `压测成员${i}` });
    const me = client(server.baseUrl, login.token);
    await me.joinCircle(circleId);
    const event = events[i % ROOMS];
    await me.register(event.id, { ticketTypeId: event.ticketTypes[0].id });
    return { login, room: LiveRooms.eventChat(event.id), received: new Map() };
  });
  console.log(`setup: ${CLIENTS} holders in ${ROOMS} rooms in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  const pid = serverPid(server.pid);
  const rssBefore = rssKb(pid);
  t = performance.now();
  const wsUrl = `${server.baseUrl.replace(/^http/, 'ws')}/api/ws`;
  await pool(members.length, 50, async (i) => {
    const m = members[i];
    const socket = new WebSocket(`${wsUrl}?token=${m.login.token}`);
    m.socket = socket;
    await new Promise<void>((resolve, reject) => {
      socket.on('message', (data: Buffer) => {
        const frame = JSON.parse(data.toString('utf8')) as LiveServerFrame;
        if (frame.op === 'joined') resolve();
        else if (frame.op === 'ready') socket.send(JSON.stringify({ op: 'join', room: m.room }));
        else if (frame.op === 'message') {
          const clientId = frame.message.text.split(' ')[0];
          if (!m.received.has(clientId)) m.received.set(clientId, performance.now());
        } else if (frame.op === 'error') {
          errors.push(`${frame.code} ${frame.message}`);
          reject(new Error(`${frame.code} ${frame.message}`));
        }
      });
      socket.once('error', reject);
    });
  });
  const connectSeconds = (performance.now() - t) / 1000;
  await new Promise((r) => setTimeout(r, 1000));
  const rssAfter = rssKb(pid);
  console.log(
    `connected ${members.length} sockets in ${connectSeconds.toFixed(1)} s; server RSS ${(rssBefore / 1024).toFixed(0)} → ${(rssAfter / 1024).toFixed(0)} MB`,
  );

  const byRoom = new Map<string, Member[]>();
  for (const m of members) byRoom.set(m.room, [...(byRoom.get(m.room) ?? []), m]);
  const rooms = [...byRoom.keys()];
  const sent = new Map<string, { at: number; room: string; sender: Member }>();
  const total = RATE * SECONDS;
  t = performance.now();
  for (let n = 0; n < total; n++) {
    // Paced against the start, so a slow tick does not lower the rate.
    const due = t + (n * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const room = rooms[n % rooms.length];
    const inRoom = byRoom.get(room)!;
    const sender = inRoom[Math.floor(n / rooms.length) % inRoom.length];
    const clientId = `b${n}`;
    sent.set(clientId, { at: performance.now(), room, sender });
    sender.socket!.send(JSON.stringify({ op: 'send', room, text: `${clientId} 压测消息`, clientId }));
  }
  const sendSeconds = (performance.now() - t) / 1000;
  const expected = [...sent.values()].reduce((sum, s) => sum + byRoom.get(s.room)!.length, 0);
  const receivedCount = () => members.reduce((sum, m) => sum + m.received.size, 0);
  const drainUntil = performance.now() + DRAIN_MS;
  while (receivedCount() < expected && performance.now() < drainUntil) await new Promise((r) => setTimeout(r, 100));
  const drainSeconds = (performance.now() - t) / 1000 - sendSeconds;

  const latencies: number[] = [];
  let lost = 0;
  for (const [clientId, s] of sent) {
    for (const m of byRoom.get(s.room)!) {
      const at = m.received.get(clientId);
      if (at === undefined) lost++;
      else if (m !== s.sender) latencies.push(at - s.at);
    }
  }
  latencies.sort((x, y) => x - y);
  console.log(
    `sent ${total} messages in ${sendSeconds.toFixed(1)} s (${(total / sendSeconds).toFixed(1)}/s), ${latencies.length} deliveries; last delivery ${drainSeconds.toFixed(1)} s after the last send`,
  );
  console.log(
    `delivery latency p50 ${pct(latencies, 50).toFixed(1)} ms, p99 ${pct(latencies, 99).toFixed(1)} ms, max ${latencies.at(-1)!.toFixed(1)} ms`,
  );
  console.log(
    `server memory per connection ≈ ${((rssAfter - rssBefore) / members.length).toFixed(1)} KB (RSS delta / sockets)`,
  );
  console.log(`lost messages: ${lost}${errors.length ? `; errors: ${errors.slice(0, 5).join('; ')}` : ''}`);
  for (const m of members) m.socket?.terminate();
  if (lost > 0) process.exitCode = 1;
}

async function main(): Promise<void> {
  assertServerBuilt();
  const server = await startServerProcess({
    label: 'bench-chat',
    env: {
      EVENT_HOLD_SWEEP_MS: '0',
      RATE_LIMIT_LOGIN: 'ip:off',
      RATE_LIMIT_SIGNUP: 'ip:off',
    },
  });
  try {
    await run(server);
  } catch (error) {
    server.printOutput('the chat benchmark failed');
    throw error;
  } finally {
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
