import { Decimal128, Double, Int32, Long, ObjectId, Db, MongoClient } from 'mongodb';
import { EmbeddedMongo } from '../src';
import { expectServerError, freshDbName, startClient } from './helpers';

let mongo: EmbeddedMongo;
let client: MongoClient;
let db: Db;

beforeAll(async () => ({ mongo, client } = await startClient()));
afterAll(async () => {
  await client.close();
  await mongo.stop();
});
beforeEach(() => {
  db = client.db(freshDbName('agg'));
});

describe('aggregation', () => {
  beforeEach(async () => {
    await db.collection('orders').insertMany([
      { _id: 1 as never, user: 'u1', amount: 100, items: ['a', 'b'] },
      { _id: 2 as never, user: 'u1', amount: 50, items: ['b'] },
      { _id: 3 as never, user: 'u2', amount: 70, items: [] },
    ]);
    await db.collection('users').insertMany([
      { _id: 'u1' as never, name: 'Ann' },
      { _id: 'u2' as never, name: 'Bo' },
    ]);
  });

  it('groups, sorts and projects', async () => {
    const out = await db
      .collection('orders')
      .aggregate([
        { $match: { amount: { $gte: 50 } } },
        { $group: { _id: '$user', total: { $sum: '$amount' }, n: { $sum: 1 } } },
        { $sort: { total: -1 } },
        { $project: { _id: 0, user: '$_id', total: 1, n: 1 } },
      ])
      .toArray();
    expect(out).toEqual([
      { total: 150, n: 2, user: 'u1' },
      { total: 70, n: 1, user: 'u2' },
    ]);
  });

  it('joins with $lookup across collections and unwinds', async () => {
    const out = await db
      .collection('orders')
      .aggregate([
        { $lookup: { from: 'users', localField: 'user', foreignField: '_id', as: 'who' } },
        { $unwind: '$who' },
        { $project: { _id: 1, name: '$who.name' } },
        { $sort: { _id: 1 } },
      ])
      .toArray();
    expect(out).toEqual([
      { _id: 1, name: 'Ann' },
      { _id: 2, name: 'Ann' },
      { _id: 3, name: 'Bo' },
    ]);
  });

  it('runs $facet and $count', async () => {
    const [out] = await db
      .collection('orders')
      .aggregate([
        {
          $facet: {
            big: [{ $match: { amount: { $gt: 60 } } }, { $count: 'n' }],
            items: [{ $unwind: '$items' }, { $count: 'n' }],
          },
        },
      ])
      .toArray();
    expect(out).toEqual({ big: [{ n: 2 }], items: [{ n: 3 }] });
  });

  it('never changes stored documents through a pipeline that reshapes them', async () => {
    await db
      .collection('orders')
      .aggregate([{ $addFields: { amount: 0, extra: true } }, { $unset: 'user' }])
      .toArray();
    const stored = await db.collection('orders').findOne({ _id: 1 as never });
    expect(stored).toEqual({ _id: 1, user: 'u1', amount: 100, items: ['a', 'b'] });
  });

  it('returns large aggregation results through cursors', async () => {
    await db.collection('nums').insertMany(Array.from({ length: 500 }, (_, i) => ({ i })));
    const out = await db
      .collection('nums')
      .aggregate([{ $sort: { i: -1 } }], { cursor: { batchSize: 50 } })
      .toArray();
    expect(out).toHaveLength(500);
    expect(out[0].i).toBe(499);
  });

  it('refuses $out with a clear error', async () => {
    await expectServerError(
      db
        .collection('orders')
        .aggregate([{ $out: 'copy' }])
        .toArray(),
      2,
    );
  });
});

describe('BSON type fidelity', () => {
  it('compares int32, int64, double and Decimal128 numerically, including Longs beyond 2^53', async () => {
    const c = db.collection('nums');
    await c.insertMany([
      { k: 'int', v: new Int32(10) },
      { k: 'long', v: Long.fromString('9') },
      { k: 'double', v: new Double(9.5) },
      { k: 'dec', v: Decimal128.fromString('10.25') },
      { k: 'bigLong', v: Long.fromString('9007199254740993') },
    ]);
    const asc = (await c.find({}).sort({ v: 1 }).toArray()).map((d) => d.k);
    expect(asc).toEqual(['long', 'double', 'int', 'dec', 'bigLong']);
    expect((await c.find({ v: { $gt: 9.75 } }).toArray()).map((d) => d.k).sort()).toEqual(['bigLong', 'dec', 'int']);
    expect((await c.find({ v: 10 }).toArray()).map((d) => d.k)).toEqual(['int']);
    expect((await c.find({ v: { $gt: Long.fromString('9007199254740992') } }).toArray()).map((d) => d.k)).toEqual([
      'bigLong',
    ]);
  });

  it('sorts mixed types in MongoDB order: null < numbers < strings < objects < arrays < ObjectId < bool < date', async () => {
    const c = db.collection('mixed');
    const oid = new ObjectId();
    await c.insertMany([
      { k: 'date', v: new Date(0) },
      { k: 'bool', v: false },
      { k: 'oid', v: oid },
      { k: 'obj', v: { a: 1 } },
      { k: 'str', v: 'a' },
      { k: 'num', v: 5 },
      { k: 'null', v: null },
    ]);
    const asc = (await c.find({}).sort({ v: 1 }).toArray()).map((d) => d.k);
    expect(asc).toEqual(['null', 'num', 'str', 'obj', 'oid', 'bool', 'date']);
  });

  it('applies type bracketing: a numeric range never matches strings or dates', async () => {
    const c = db.collection('bracket');
    await c.insertMany([{ v: 5 }, { v: '7' }, { v: new Date(10) }]);
    expect(await c.countDocuments({ v: { $gt: 1 } })).toBe(1);
    expect(await c.countDocuments({ v: { $gt: '1' } })).toBe(1);
  });

  it('matches $type by name, by number and by "number"', async () => {
    const c = db.collection('types');
    await c.insertMany([
      { k: 'int', v: new Int32(1) },
      { k: 'long', v: Long.fromNumber(1) },
      { k: 'double', v: 1.5 },
      { k: 'dec', v: Decimal128.fromString('1') },
      { k: 'str', v: 's' },
      { k: 'oid', v: new ObjectId() },
      { k: 'date', v: new Date() },
      { k: 'arr', v: [1] },
      { k: 'null', v: null },
      { k: 'bool', v: true },
    ]);
    const ks = async (t: unknown) => (await c.find({ v: { $type: t as never } }).toArray()).map((d) => d.k).sort();
    expect(await ks('int')).toEqual(['arr', 'int']);
    expect(await ks(16)).toEqual(['arr', 'int']);
    expect(await ks('long')).toEqual(['long']);
    expect(await ks('double')).toEqual(['double']);
    expect(await ks('decimal')).toEqual(['dec']);
    expect(await ks('objectId')).toEqual(['oid']);
    expect(await ks(7)).toEqual(['oid']);
    expect(await ks('date')).toEqual(['date']);
    expect(await ks('array')).toEqual(['arr']);
    expect(await ks('null')).toEqual(['null']);
    expect(await ks('bool')).toEqual(['bool']);
    expect(await ks('number')).toEqual(['arr', 'dec', 'double', 'int', 'long']);
    await expectServerError(c.find({ v: { $type: 'nonsense' as never } }).toArray(), 2);
  });

  it('keeps int64 values as int64 and Decimal128 as Decimal128 through a round trip and $inc', async () => {
    const c = db.collection('rt');
    const { insertedId } = await c.insertOne({
      l: Long.fromString('9007199254740993'),
      d: Decimal128.fromString('0.1'),
    });
    await c.updateOne(
      { _id: insertedId },
      { $inc: { l: Long.fromNumber(1), d: Decimal128.fromString('0.2') } as never },
    );
    const raw = await c.findOne({ _id: insertedId }, { promoteLongs: false });
    expect(raw!.l).toBeInstanceOf(Long);
    expect(raw!.l.toString()).toBe('9007199254740994');
    expect(raw!.d).toBeInstanceOf(Decimal128);
    expect(parseFloat(raw!.d.toString())).toBeCloseTo(0.3);
  });
});
