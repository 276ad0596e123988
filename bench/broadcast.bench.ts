/**
 * Broadcast benchmark (issue 13): a circle of BENCH_MEMBERS members (10,000), tag A on every
 * third, a broadcast to tag A. Members and tags are written straight into the database; the
 * broadcast goes through the API and the durable job, as in production (batches of 500).
 * Prints audience, delivered, reached outside the audience, duplicates (must be 0) and the
 * fan-out rate (recipients per second from the create call to status `sent`).
 * Run: npm run bench:broadcast
 */
import { performance } from 'node:perf_hooks';
import { createApiClient, type ApiClient } from '@quanzi/contract';
import { MongoClient, ObjectId, type Db } from 'mongodb';
import { assertServerBuilt, startServerProcess, type ServerProcess } from '../test/harness/server-process';

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 10_000);
const BATCH = 2_000;

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

async function insertAll(db: Db, name: string, docs: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < docs.length; i += BATCH) await db.collection(name).insertMany(docs.slice(i, i + BATCH));
}

async function findDb(mongo: MongoClient, circleId: string): Promise<Db> {
  const { databases } = await mongo.db('admin').admin().listDatabases();
  for (const d of databases) {
    if (
      await mongo
        .db(d.name)
        .collection('circles')
        .findOne({ _id: new ObjectId(circleId) })
    )
      return mongo.db(d.name);
  }
  throw new Error('could not find the server database');
}

async function main(): Promise<void> {
  assertServerBuilt();
  let server: ServerProcess | null = null;
  let mongo: MongoClient | null = null;
  try {
    server = await startServerProcess({
      label: 'bench-broadcast',
      env: { EVENT_HOLD_SWEEP_MS: '0', JOBS_POLL_MS: '200', BROADCAST_DAILY_CAP: '100' },
    });
    const port = server
      .output()
      .map((l) => l.match(/embedded engine on port (\d+)/)?.[1])
      .find(Boolean);
    if (!port) throw new Error('the server did not log its embedded engine port');
    const owner = await client(server.baseUrl).loginDev({ nickname: 'bench-owner' });
    const as = client(server.baseUrl, owner.token);
    const circle = await as.createCircle({ name: '万人圈', joinPolicy: 'open' });
    const tagA = await as.createTag(circle.id, { name: 'A' });
    mongo = await MongoClient.connect(`mongodb://127.0.0.1:${port}/?directConnection=true`);
    const db = await findDb(mongo, circle.id);

    const now = new Date();
    const users = Array.from({ length: MEMBERS }, () => new ObjectId());
    const holders = new Set(users.filter((_, i) => i % 3 === 0).map((u) => u.toHexString()));
    let started = performance.now();
    await insertAll(
      db,
      'users',
      users.map((_id, i) => ({ _id, openid: `bench-bc-${i}`, unionid: null, nickname: `成员${i}`, createdAt: now })),
    );
    await insertAll(
      db,
      'memberships',
      users.map((userId) => ({
        circleId: new ObjectId(circle.id),
        userId,
        role: 'member',
        status: 'active',
        via: { inviteCode: null, inviterId: null, channel: null },
        requestedAt: now,
        joinedAt: now,
        tags: holders.has(userId.toHexString())
          ? [{ tagId: new ObjectId(tagA.id), source: { kind: 'manual', refId: null, label: null }, at: now }]
          : [],
        createdAt: now,
        updatedAt: now,
      })),
    );
    console.log(
      `seeded ${MEMBERS} members (${holders.size} with tag A) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );

    const preview = await as.previewBroadcast(circle.id, { audience: { tagIds: [tagA.id] } });
    started = performance.now();
    const b = await as.createBroadcast(circle.id, {
      title: '万人群发',
      body: '基准测试',
      audience: { tagIds: [tagA.id] },
    });
    for (;;) {
      const d = await as.getBroadcast(b.id);
      if (d.status === 'sent') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const seconds = (performance.now() - started) / 1000;
    const { stats } = await as.getBroadcast(b.id);

    const reached = await db
      .collection('notifications')
      .aggregate<{ _id: ObjectId; n: number }>([
        { $match: { sourceKey: `broadcast:${b.id}` } },
        { $group: { _id: '$userId', n: { $sum: 1 } } },
      ])
      .toArray();
    const duplicates = reached.filter((r) => r.n > 1).reduce((sum, r) => sum + r.n - 1, 0);
    const outside = reached.filter((r) => !holders.has(r._id.toHexString())).length;
    const missed = holders.size - reached.filter((r) => holders.has(r._id.toHexString())).length;

    console.log(`\npreview count      ${preview.count}`);
    console.log(`audience           ${stats.audience}`);
    console.log(`delivered          ${stats.delivered}`);
    console.log(`reached outside A  ${outside}`);
    console.log(`missed in A        ${missed}`);
    console.log(`duplicates         ${duplicates}`);
    console.log(`fan-out            ${seconds.toFixed(2)} s, ${(stats.delivered / seconds).toFixed(0)} recipients/s`);
    if (duplicates !== 0 || outside !== 0 || missed !== 0 || stats.delivered !== holders.size) {
      throw new Error('the broadcast did not reach exactly tag A, once each');
    }
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
