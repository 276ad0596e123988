import { Db, MongoClient, MongoServerError } from 'mongodb';
import { EmbeddedMongo } from '../src';
import { expectServerError, freshDbName, startClient } from './helpers';

let mongo: EmbeddedMongo;
let client: MongoClient;
let db: Db;

beforeAll(async () => ({ mongo, client } = await startClient({ ttlIntervalMs: 100 })));
afterAll(async () => {
  await client.close();
  await mongo.stop();
});
beforeEach(() => {
  db = client.db(freshDbName('idx'));
});

async function dupError(p: Promise<unknown>): Promise<MongoServerError> {
  return (await expectServerError(p, 11000)) as unknown as MongoServerError;
}

describe('unique indexes', () => {
  it('reports a duplicate insert exactly like mongod (errmsg, keyPattern, keyValue)', async () => {
    const c = db.collection('users');
    await c.createIndex({ email: 1 }, { unique: true });
    await c.insertOne({ email: 'a@x.cn' });
    const err = await dupError(c.insertOne({ email: 'a@x.cn' }));
    expect(err.message).toBe(
      `E11000 duplicate key error collection: ${db.databaseName}.users index: email_1 dup key: { email: "a@x.cn" }`,
    );
    expect(err.keyPattern).toEqual({ email: 1 });
    expect(err.keyValue).toEqual({ email: 'a@x.cn' });
    expect(await c.countDocuments()).toBe(1);
  });

  it('refuses a duplicate made by an update or an upsert, leaving data unchanged', async () => {
    const c = db.collection('u2');
    await c.createIndex({ code: 1 }, { unique: true });
    await c.insertMany([{ code: 'A' }, { code: 'B' }]);
    await dupError(c.updateOne({ code: 'B' }, { $set: { code: 'A' } }));
    await dupError(c.updateOne({ missing: true }, { $set: { code: 'A' } }, { upsert: true }));
    expect(
      await c
        .find({}, { projection: { _id: 0 } })
        .sort({ code: 1 })
        .toArray(),
    ).toEqual([{ code: 'A' }, { code: 'B' }]);
  });

  it('enforces compound uniqueness on the combination only', async () => {
    const c = db.collection('memberships');
    await c.createIndex({ circleId: 1, userId: 1 }, { unique: true });
    await c.insertMany([
      { circleId: 1, userId: 1 },
      { circleId: 1, userId: 2 },
      { circleId: 2, userId: 1 },
    ]);
    const err = await dupError(c.insertOne({ circleId: 1, userId: 2 }));
    expect(err.keyValue).toEqual({ circleId: 1, userId: 2 });
    expect(err.message).toContain('index: circleId_1_userId_1 dup key: { circleId: 1, userId: 2 }');
  });

  it('treats a missing field as null in a unique index, but skips it in a sparse one', async () => {
    const plain = db.collection('plain');
    await plain.createIndex({ phone: 1 }, { unique: true });
    await plain.insertOne({ a: 1 });
    await dupError(plain.insertOne({ a: 2 }));
    const sparse = db.collection('sparse');
    await sparse.createIndex({ phone: 1 }, { unique: true, sparse: true });
    await sparse.insertMany([{ a: 1 }, { a: 2 }]);
    await sparse.insertOne({ phone: '1' });
    await dupError(sparse.insertOne({ phone: '1' }));
  });

  it('enforces a partial unique index only on documents matching its filter', async () => {
    const c = db.collection('partial');
    await c.createIndex({ userId: 1 }, { unique: true, partialFilterExpression: { status: 'active' } });
    await c.insertMany([
      { userId: 1, status: 'left' },
      { userId: 1, status: 'left' },
      { userId: 1, status: 'active' },
    ]);
    await dupError(c.insertOne({ userId: 1, status: 'active' }));
    await dupError(c.updateOne({ status: 'left' }, { $set: { status: 'active' } }));
    expect(await c.countDocuments({ status: 'active' })).toBe(1);
  });

  it('treats numbers of different BSON types as the same key', async () => {
    const c = db.collection('nums');
    await c.createIndex({ n: 1 }, { unique: true });
    await c.insertOne({ n: 1 });
    await dupError(c.insertOne({ n: 1.0 }));
  });

  it('fails to build a unique index over existing duplicates and keeps the collection usable', async () => {
    const c = db.collection('late');
    await c.insertMany([{ k: 1 }, { k: 1 }]);
    await dupError(c.createIndex({ k: 1 }, { unique: true }));
    const names = (await c.listIndexes().toArray()).map((i) => i.name);
    expect(names).toEqual(['_id_']);
  });

  it('reports duplicates of _id', async () => {
    const c = db.collection('ids');
    await c.insertOne({ _id: 'x' } as never);
    const err = await dupError(c.insertOne({ _id: 'x' } as never));
    expect(err.keyPattern).toEqual({ _id: 1 });
  });

  it('continues past a duplicate in an unordered insertMany and reports each write error', async () => {
    const c = db.collection('bulk');
    await c.createIndex({ k: 1 }, { unique: true });
    const err = (await expectServerError(
      c.insertMany([{ k: 1 }, { k: 1 }, { k: 2 }, { k: 2 }], { ordered: false }),
      11000,
    )) as {
      writeErrors?: unknown[];
      insertedCount?: number;
    };
    expect(await c.countDocuments()).toBe(2);
    expect(Array.isArray(err.writeErrors) ? err.writeErrors.length : 1).toBe(2);
  });
});

describe('index catalog', () => {
  it('lists, reuses and drops indexes', async () => {
    const c = db.collection('cat');
    expect(await c.createIndex({ a: 1, b: -1 })).toBe('a_1_b_-1');
    expect(await c.createIndex({ a: 1, b: -1 })).toBe('a_1_b_-1');
    await c.createIndex({ t: 1 }, { name: 'by_t', sparse: true });
    const specs = await c.listIndexes().toArray();
    expect(specs.map((s) => s.name)).toEqual(['_id_', 'a_1_b_-1', 'by_t']);
    expect(specs[2]).toMatchObject({ key: { t: 1 }, sparse: true });
    await c.dropIndex('by_t');
    await expectServerError(c.dropIndex('nope'), 27);
    await expectServerError(c.createIndex({ a: 1, b: -1 }, { name: 'a_1_b_-1', unique: true }), 85);
    await expectServerError(db.collection('missing').listIndexes().toArray(), 26);
  });

  it('refuses text and geo indexes clearly', async () => {
    await expectServerError(db.collection('t').createIndex({ body: 'text' }), 67);
  });
});

describe('query planning', () => {
  const N = 5000;
  let planDb: Db;
  beforeAll(async () => {
    planDb = client.db(freshDbName('plan'));
    const c = planDb.collection('big');
    await c.insertMany(
      Array.from({ length: N }, (_, i) => ({
        i,
        g: i % 50,
        tags: [`t${i % 7}`],
        at: new Date(1_700_000_000_000 + i * 1000),
      })),
    );
    await c.createIndex({ g: 1, at: -1 });
    await c.createIndex({ tags: 1 });
    await c.createIndex({ i: 1 }, { unique: true });
  });

  async function plan(filter: object) {
    const r = await planDb.command({ explain: { find: 'big', filter } });
    return {
      index: r.queryPlanner.winningPlan.inputStage?.indexName ?? null,
      examined: r.executionStats.totalDocsExamined,
      n: r.executionStats.nReturned,
    };
  }

  it('answers equality, prefix, range and multikey lookups from an index without scanning the collection', async () => {
    expect(await plan({ i: 4321 })).toEqual({ index: 'i_1', examined: 1, n: 1 });
    expect(await plan({ g: 7 })).toEqual({ index: 'g_1_at_-1', examined: 100, n: 100 });
    const range = await plan({ g: 7, at: { $gte: new Date(1_700_000_000_000 + 2500 * 1000) } });
    expect(range.index).toBe('g_1_at_-1');
    expect(range.examined).toBe(50);
    expect(range.n).toBe(50);
    expect(await plan({ i: { $gte: 10, $lt: 20 } })).toEqual({ index: 'i_1', examined: 10, n: 10 });
    expect(await plan({ tags: 't3' })).toMatchObject({ index: 'tags_1', n: Math.ceil((N - 3) / 7) });
    expect(await plan({ i: { $in: [1, 2, 3] } })).toEqual({ index: 'i_1', examined: 3, n: 3 });
    expect(await plan({ nothing: 1 })).toMatchObject({ index: null, examined: N });
  });

  it('returns the same results with and without an index', async () => {
    const c = planDb.collection('big');
    const viaIndex = await c
      .find({ g: 3, at: { $lt: new Date(1_700_000_000_000 + 1000 * 1000) } })
      .sort({ i: 1 })
      .toArray();
    const viaScan = await c
      .find({ $expr: { $eq: ['$g', 3] }, at: { $lt: new Date(1_700_000_000_000 + 1000 * 1000) } })
      .sort({ i: 1 })
      .toArray();
    expect(viaIndex.length).toBe(20);
    expect(viaIndex).toEqual(viaScan);
  });

  it('keeps the index current through updates and deletes', async () => {
    const c = planDb.collection('big');
    await c.updateOne({ i: 5 }, { $set: { g: 999 } });
    await c.deleteOne({ i: 6 });
    expect((await c.find({ g: 999 }).toArray()).map((d) => d.i)).toEqual([5]);
    expect(await c.countDocuments({ g: 5 })).toBe(99);
    expect(await c.countDocuments({ g: 6 })).toBe(99);
  });
});

describe('TTL indexes', () => {
  it('expire documents past their date', async () => {
    const c = db.collection('sessions');
    await c.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 });
    await c.insertMany([
      { k: 'old', expiresAt: new Date(Date.now() - 1000) },
      { k: 'new', expiresAt: new Date(Date.now() + 3_600_000) },
      { k: 'none' },
    ]);
    const deadline = Date.now() + 5000;
    while ((await c.countDocuments()) > 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect((await c.find({}).toArray()).map((d) => d.k).sort()).toEqual(['new', 'none']);
  });
});
