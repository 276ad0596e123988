import { Db, DBRef, MongoClient, ObjectId } from 'mongodb';
import { EmbeddedMongo } from '../src';
import { expectServerError, freshDbName, startClient } from './helpers';

/** Behaviours mongoose's own test suite found different from mongod (issue 18, "Embedded engine fidelity"). */

type D = { _id?: number; [k: string]: unknown };

let mongo: EmbeddedMongo;
let client: MongoClient;
let db: Db;

beforeAll(async () => ({ mongo, client } = await startClient()));
afterAll(async () => {
  await client.close();
  await mongo.stop();
});
beforeEach(() => {
  db = client.db(freshDbName('fid'));
});

describe('positional updates', () => {
  it('resolves `$` once per update, so a second field lands on the same element', async () => {
    const c = db.collection<D>('orders');
    await c.insertOne({
      _id: 1,
      items: [
        { sku: 'a', status: 'new' },
        { sku: 'b', status: 'new' },
      ],
    });
    await c.updateOne({ _id: 1, 'items.status': 'new' }, { $set: { 'items.$.status': 'done', 'items.$.at': 5 } });
    expect((await c.findOne({ _id: 1 }))!.items).toEqual([
      { sku: 'a', status: 'done', at: 5 },
      { sku: 'b', status: 'new' },
    ]);
  });
});

describe('empty operator objects', () => {
  it('`{$set: {}}` is accepted and changes nothing (MongoDB 5.0+)', async () => {
    const c = db.collection<D>('e');
    await c.insertOne({ _id: 1, a: 1 });
    const r = await c.updateOne({ _id: 1 }, { $set: {}, $inc: { a: 1 } } as never);
    expect(r.modifiedCount).toBe(1);
    expect(await c.updateOne({ _id: 1 }, { $set: {} })).toMatchObject({ matchedCount: 1, modifiedCount: 0 });
    expect(await c.findOne({ _id: 1 })).toEqual({ _id: 1, a: 2 });
  });
});

describe('find projections', () => {
  it("`'arr.$'` returns the first element the query matched", async () => {
    const c = db.collection<D>('p');
    await c.insertOne({
      _id: 1,
      arr: [
        { k: 1, v: 'a' },
        { k: 2, v: 'b' },
      ],
      tags: ['x', 'y', 'z'],
    });
    expect(await c.findOne({ 'arr.k': 2 }, { projection: { 'arr.$': 1 } })).toEqual({
      _id: 1,
      arr: [{ k: 2, v: 'b' }],
    });
    expect(await c.findOne({ tags: 'y' }, { projection: { _id: 0, 'tags.$': 1 } })).toEqual({ tags: ['y'] });
  });

  it('`$elemMatch` projects arrays of plain values too', async () => {
    const c = db.collection<D>('p');
    await c.insertOne({ _id: 1, nums: [1, 5, 9] });
    expect(await c.findOne({}, { projection: { nums: { $elemMatch: { $gt: 4 } } } })).toEqual({ _id: 1, nums: [5] });
  });

  it('`{_id: 1}` alone returns only the _id', async () => {
    const c = db.collection<D>('p');
    await c.insertOne({ _id: 1, a: 1, b: 2 });
    expect(await c.findOne({}, { projection: { _id: 1 } })).toEqual({ _id: 1 });
  });
});

describe('$pull with logical conditions', () => {
  it('removes the elements matching $or / $and', async () => {
    const c = db.collection<D>('pull');
    await c.insertOne({
      _id: 1,
      arr: [
        { a: 1, b: 1 },
        { a: 2, b: 2 },
        { a: 3, b: 3 },
      ],
    });
    await c.updateOne({ _id: 1 }, { $pull: { arr: { $or: [{ a: 1 }, { b: 3 }] } } } as never);
    expect((await c.findOne({ _id: 1 }))!.arr).toEqual([{ a: 2, b: 2 }]);
    await c.updateOne({ _id: 1 }, { $pull: { arr: { $and: [{ a: 2 }, { b: 2 }] } } } as never);
    expect((await c.findOne({ _id: 1 }))!.arr).toEqual([]);
  });
});

describe('document size limit', () => {
  const big = 'x'.repeat(16 * 1024 * 1024);
  it('refuses documents over 16 MB on insert and update', async () => {
    const c = db.collection<D>('big');
    // mongod: an insert over 16 MB is BadValue "object to insert too large"; an update whose result
    // is over the limit is BSONObjectTooLarge (10334).
    await expectServerError(c.insertOne({ _id: 2, s: big }), 2);
    await c.insertOne({ _id: 1, s: big.slice(0, 8 * 1024 * 1024) });
    await expectServerError(c.updateOne({ _id: 1 }, { $set: { t: big.slice(0, 9 * 1024 * 1024) } }), 10334);
    expect(await c.countDocuments({ t: { $exists: true } })).toBe(0);
    expect(await c.countDocuments()).toBe(1);
  });
});

describe('field names shared with Object.prototype', () => {
  it('are ordinary fields in $set (dotted), $inc, $push and $rename', async () => {
    const c = db.collection<D>('proto');
    await c.insertOne({ _id: 1 });
    await c.updateOne({ _id: 1 }, {
      $set: { 'a.constructor': 1, 'a.toString': 2 },
      $inc: { hasOwnProperty: 3 },
      $push: { constructor: 4 },
    } as never);
    await c.updateOne({ _id: 1 }, { $rename: { 'a.toString': 'b.valueOf' } });
    const d = await c.findOne({ _id: 1 });
    expect(d).toEqual({ _id: 1, a: { constructor: 1 }, hasOwnProperty: 3, constructor: [4], b: { valueOf: 2 } });
  });
});

describe('$elemMatch over DBRefs', () => {
  it('matches `$id` and `$ref` as fields', async () => {
    const c = db.collection<D>('refs');
    const id = new ObjectId();
    await c.insertOne({ _id: 1, refs: [new DBRef('users', id), new DBRef('users', new ObjectId())] });
    expect(await c.countDocuments({ refs: { $elemMatch: { $id: id } } })).toBe(1);
    expect(await c.countDocuments({ refs: { $elemMatch: { $ref: 'users', $id: id } } })).toBe(1);
    expect(await c.countDocuments({ refs: { $elemMatch: { $id: new ObjectId() } } })).toBe(0);
  });
});

describe('hint and pipeline stages', () => {
  it('refuses a hint naming no index, and an unknown stage with 40324', async () => {
    const c = db.collection<D>('h');
    await c.insertOne({ a: 1 });
    await expectServerError(c.find({}, { hint: { nope: 1 } }).toArray(), 2);
    await expectServerError(c.find({}, { hint: 'nope_1' }).toArray(), 2);
    expect(await c.find({}, { hint: { _id: 1 } }).toArray()).toHaveLength(1);
    await expectServerError(c.aggregate([{ $nope: {} }]).toArray(), 40324);
  });

  it('returns documents in the hinted index order (find and aggregate)', async () => {
    const c = db.collection<D>('hinted');
    await c.createIndex({ qty: -1, name: -1 });
    await c.insertMany([
      { name: 'Andrew', qty: 4 },
      { name: 'Betty', qty: 5 },
      { name: 'Charlie', qty: 4 },
    ]);
    const expected = ['Betty', 'Charlie', 'Andrew'];
    expect((await c.find({}, { hint: { qty: -1, name: -1 } }).toArray()).map((d) => d.name)).toEqual(expected);
    const agg = await c.aggregate([{ $match: {} }], { hint: 'qty_-1_name_-1' }).toArray();
    expect(agg.map((d) => d.name)).toEqual(expected);
  });
});

describe('collMod', () => {
  it('changes a TTL index expiry and refuses unknown collections and indexes', async () => {
    const c = db.collection<D>('m');
    await c.createIndex({ at: 1 }, { expireAfterSeconds: 60 });
    const res = await db.command({ collMod: 'm', index: { keyPattern: { at: 1 }, expireAfterSeconds: 120 } });
    expect(res).toMatchObject({ expireAfterSeconds_old: 60, expireAfterSeconds_new: 120, ok: 1 });
    const idx = (await c.listIndexes().toArray()).find((i) => i.name === 'at_1');
    expect(idx!.expireAfterSeconds).toBe(120);
    await expectServerError(db.command({ collMod: 'nope' }), 26);
    await expectServerError(db.command({ collMod: 'm', index: { name: 'nope', expireAfterSeconds: 1 } }), 27);
  });
});

describe('setParameter', () => {
  it('ttlMonitorSleepSecs changes how often expired documents are swept', async () => {
    const c = db.collection<D>('ttl');
    await c.createIndex({ at: 1 }, { expireAfterSeconds: 0 });
    await c.insertOne({ _id: 1, at: new Date(0) });
    await client.db('admin').command({ setParameter: 1, ttlMonitorSleepSecs: 0.05 });
    try {
      for (let i = 0; i < 100 && (await c.countDocuments()) > 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(await c.countDocuments()).toBe(0);
    } finally {
      await client.db('admin').command({ setParameter: 1, ttlMonitorSleepSecs: 60 });
    }
    await expectServerError(client.db('admin').command({ setParameter: 1, nope: 1 }), 72);
  });
});

describe('listCollections filters', () => {
  it('evaluates any filter over the collection documents', async () => {
    await db.createCollection('alpha');
    await db.createCollection('beta');
    const names = async (filter: object) =>
      (await db.listCollections(filter, { nameOnly: false }).toArray()).map((c) => c.name).sort();
    expect(await names({ name: { $in: ['alpha', 'nope'] } })).toEqual(['alpha']);
    expect(await names({ name: /^b/ })).toEqual(['beta']);
    expect(await names({ type: 'collection' })).toEqual(['alpha', 'beta']);
  });
});

describe('validators', () => {
  it('enforce a query-expression validator on insert and update (121 DocumentValidationFailure)', async () => {
    const c = await db.createCollection<D>('v', { validator: { age: { $gte: 0 } } });
    await c.insertOne({ _id: 1, age: 3 });
    await expectServerError(c.insertOne({ _id: 2, age: -1 }), 121);
    await expectServerError(c.updateOne({ _id: 1 }, { $set: { age: -5 } }), 121);
    expect(await c.find().toArray()).toEqual([{ _id: 1, age: 3 }]);
    // validationAction 'warn' accepts the write.
    await db.command({ collMod: 'v', validationAction: 'warn' });
    await c.insertOne({ _id: 3, age: -1 });
    expect(await c.countDocuments()).toBe(2);
  });

  it('enforce $jsonSchema validators', async () => {
    const c = await db.createCollection<D>('s', {
      validator: {
        $jsonSchema: {
          bsonType: 'object',
          required: ['name'],
          properties: {
            name: { bsonType: 'string', minLength: 2 },
            age: { bsonType: ['number', 'null'], minimum: 0 },
            tags: { bsonType: 'array', items: { enum: ['a', 'b'] } },
          },
        },
      },
    });
    await c.insertOne({ _id: 1, name: 'Al', age: null, tags: ['a'] });
    await expectServerError(c.insertOne({ _id: 2, age: 3 }), 121);
    await expectServerError(c.insertOne({ _id: 3, name: 'B' }), 121);
    await expectServerError(c.insertOne({ _id: 4, name: 'Bo', age: -1 }), 121);
    await expectServerError(c.updateOne({ _id: 1 }, { $push: { tags: 'z' } } as never), 121);
    expect(await c.countDocuments({ $jsonSchema: { required: ['tags'] } })).toBe(1);
    await expectServerError(db.createCollection('bad', { validator: { $jsonSchema: { bsonType: 'nope' } } }), 2);
  });

  it('time-series collections keep their documents as inserted, need the timeField and expire by it', async () => {
    const ts = await db.createCollection<D>('ts', {
      timeseries: { timeField: 't', metaField: 'm' },
      expireAfterSeconds: 60,
    });
    const [info] = await db.listCollections({ name: 'ts' }).toArray();
    expect(info.type).toBe('timeseries');
    await ts.insertMany([
      { _id: 1, t: new Date(0), m: 'old' },
      { _id: 2, t: new Date(), m: 'new' },
    ]);
    await expectServerError(ts.insertOne({ _id: 3, m: 'no time' }), 2);
    await client.db('admin').command({ setParameter: 1, ttlMonitorSleepSecs: 0.05 });
    try {
      for (let i = 0; i < 100 && (await ts.countDocuments()) > 1; i++) await new Promise((r) => setTimeout(r, 20));
    } finally {
      await client.db('admin').command({ setParameter: 1, ttlMonitorSleepSecs: 60 });
    }
    expect((await ts.find().toArray()).map((d) => d._id)).toEqual([2]);
    await expectServerError(db.createCollection('ts2', { timeseries: {} as never }), 40414);
  });
});

describe('collation', () => {
  it('strength 2 makes equality, sort and unique indexes case-insensitive', async () => {
    const ci = { locale: 'en', strength: 2 };
    const c = db.collection<D>('nick');
    await c.createIndex({ nick: 1 }, { unique: true, collation: ci });
    await c.insertOne({ nick: 'Alice' });
    await expectServerError(c.insertOne({ nick: 'aLiCe' }), 11000);
    await c.insertMany([{ nick: 'bob' }, { nick: 'Carol' }]);
    expect((await c.find({ nick: 'ALICE' }, { collation: ci }).toArray()).map((d) => d.nick)).toEqual(['Alice']);
    expect(await c.countDocuments({ nick: 'ALICE' })).toBe(0);
    const sorted = await c.find({}, { collation: ci }).sort({ nick: 1 }).toArray();
    expect(sorted.map((d) => d.nick)).toEqual(['Alice', 'bob', 'Carol']);
    expect(await c.countDocuments({ nick: { $in: ['BOB', 'carol'] } }, { collation: ci })).toBe(2);
  });

  it('strength 1 also ignores accents; unsupported collation options are refused', async () => {
    const c = db.collection<D>('tags');
    await c.insertMany([{ t: 'Café' }, { t: 'cafe' }, { t: 'tea' }]);
    expect(await c.countDocuments({ t: 'CAFE' }, { collation: { locale: 'fr_CA', strength: 1 } })).toBe(2);
    expect(await c.countDocuments({ t: 'CAFE' }, { collation: { locale: 'fr', strength: 2 } })).toBe(1);
    await expectServerError(c.find({}, { collation: { locale: 'en', numericOrdering: true } }).toArray(), 2);
  });

  it("a collection's default collation applies to its queries and new indexes", async () => {
    const c = await db.createCollection<D>('dflt', { collation: { locale: 'en', strength: 2 } });
    const [info] = await db.listCollections({ name: 'dflt' }).toArray();
    expect((info as unknown as { options: { collation: object } }).options.collation).toMatchObject({
      locale: 'en',
      strength: 2,
    });
    await c.createIndex({ tag: 1 }, { unique: true });
    await c.insertOne({ tag: 'Go' });
    await expectServerError(c.insertOne({ tag: 'GO' }), 11000);
    expect(await c.countDocuments({ tag: 'gO' })).toBe(1);
    expect(await c.countDocuments({ tag: 'gO' }, { collation: { locale: 'simple' } })).toBe(0);
  });
});
