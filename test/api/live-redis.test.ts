import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import { LiveRooms, type LoginResponse } from '@quanzi/contract';
import { startEmbeddedMongo, type EmbeddedMongo } from '@quanzi/embedded-mongo';
import { startStack, type Stack } from '../harness';
import { isOp, LiveSocket } from './live-socket';

const REDIS_SERVER = '/usr/bin/redis-server';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A throwaway redis-server on a free loopback port, no persistence. */
async function startRedis(): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    REDIS_SERVER,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${output}`)), 10_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code}):\n${output}`)));
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

const describeWithRedis = fs.existsSync(REDIS_SERVER) ? describe : describe.skip;
if (!fs.existsSync(REDIS_SERVER)) {
  console.warn(`SKIPPED: the two-instance live test needs ${REDIS_SERVER} (apt-get install -y redis-server)`);
}

/**
 * Two server processes sharing one database (an embedded engine this test starts) and one Redis:
 * a chat message stored through one instance reaches a socket connected to the other.
 */
describeWithRedis('live fan-out across two server processes through Redis', () => {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let mongo: EmbeddedMongo;
  let a: Stack;
  let b: Stack;
  const sockets: LiveSocket[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    mongo = await startEmbeddedMongo({ port: 0 });
    const env = { REDIS_URL: redis.url, MONGODB_URI: mongo.uri, DEV_LOGIN: '1' };
    [a, b] = await Promise.all([
      startStack({ label: 'live-redis-a', env }),
      startStack({ label: 'live-redis-b', env }),
    ]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(sockets.map((s) => s.close()));
    await Promise.all([a?.stop(), b?.stop()]);
    await mongo?.stop();
    await redis?.stop();
  }, 60_000);

  test('a message sent through instance A reaches a client of instance B, once', async () => {
    const admin: LoginResponse = await a.api.loginDev({ nickname: 'redis-admin' });
    const circleId = (await a.as(admin.token).createCircle({ name: '双实例圈', joinPolicy: 'open' })).id;
    const event = await a.as(admin.token).createEvent(circleId, {
      title: '双实例聊天',
      mode: 'offline',
      location: '线上',
      startAt: '2031-06-01T01:00:00.000Z',
      endAt: '2031-06-01T04:00:00.000Z',
      ticketTypes: [{ name: '普通票', priceFen: 0, quota: 10 }],
      status: 'published',
    });
    await a.as(admin.token).updateEvent(event.id, { chatEnabled: true });
    const holders: LoginResponse[] = [];
    for (const name of ['redis-a', 'redis-b']) {
      const m = await a.api.loginDev({ nickname: name });
      await a.as(m.token).joinCircle(circleId);
      await a.as(m.token).register(event.id, { ticketTypeId: event.ticketTypes[0].id });
      holders.push(m);
    }
    const room = LiveRooms.eventChat(event.id);
    const onA = await LiveSocket.open(a.baseUrl, holders[0].token);
    const onB = await LiveSocket.open(b.baseUrl, holders[1].token);
    sockets.push(onA, onB);
    await onA.join(room);
    await onB.join(room);
    onA.send({ op: 'send', room, text: '从 A 发出', clientId: 'cross-1' });
    const [got] = await onB.waitFor(isOp('message'));
    expect(got.message).toMatchObject({ seq: 1, text: '从 A 发出', author: { nickname: 'redis-a' } });
    // And the other way, through HTTP on B to a socket on A.
    await b.as(holders[1].token).sendChatMessage(event.id, { text: '从 B 回复', clientId: 'cross-2' });
    const seenOnA = await onA.waitFor(isOp('message'), 2);
    expect(seenOnA.map((f) => f.message.text)).toEqual(['从 A 发出', '从 B 回复']);
    expect(onB.messages(room)).toHaveLength(2);
  });
});
