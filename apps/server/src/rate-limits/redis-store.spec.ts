import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import { startTestApp, type TestContext } from '../testing/test-app';
import { RateLimitCounters, RedisRateLimitCounters } from './rate-limit-counters';

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
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
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
  console.warn(`SKIPPED: the Redis rate-limit store tests need ${REDIS_SERVER} (apt-get install -y redis-server)`);
}

describeWithRedis('rate limits with REDIS_URL (instances with separate databases share Redis)', () => {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let a: TestContext;
  let b: TestContext;

  beforeAll(async () => {
    redis = await startRedis();
    // Each app has its own in-memory database: whatever they share goes through Redis.
    const env = { REDIS_URL: redis.url, RATE_LIMIT_LOGIN: 'ip:3/1m', UPLOAD_DAILY_BYTES: '1000' };
    a = await startTestApp(env);
    b = await startTestApp(env);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await redis?.stop();
  });

  it('counts logins from one address across instances and answers 429 with Retry-After', async () => {
    const login = (t: TestContext, i: number, remoteAddress = '192.0.2.80') =>
      t.request('POST', '/api/auth/dev', { body: { nickname: `红${i}` }, remoteAddress });
    expect((await login(a, 1)).status).toBe(200);
    expect((await login(b, 2)).status).toBe(200);
    expect((await login(a, 3)).status).toBe(200);
    const refused = await login(b, 4);
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({
      code: 'RATE_LIMITED',
      message: expect.stringMatching(/^操作太频繁，请 \d+ (秒|分钟)后再试$/),
    });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect((await login(a, 5, '192.0.2.81')).status).toBe(200);
  });

  it('keeps the upload byte quota counters in Redis too', async () => {
    const [ca, cb] = [a.app.get(RateLimitCounters), b.app.get(RateLimitCounters)];
    expect(ca).toBeInstanceOf(RedisRateLimitCounters);
    const day = 86_400_000;
    expect((await ca.add('quota-test', 400, day)).count).toBe(400);
    const shared = await cb.add('quota-test', 500, day);
    expect(shared.count).toBe(900);
    expect(shared.resetAtMs % day).toBe(0);
  });
});
