import { Db, MongoClient, ObjectId } from 'mongodb';
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
  db = client.db(freshDbName('crud'));
});

describe('insert and find', () => {
  it('stores documents with a generated ObjectId placed first and finds them back', async () => {
    const c = db.collection('people');
    const r = await c.insertOne({ name: 'Ann', age: 30 });
    expect(r.insertedId).toBeInstanceOf(ObjectId);
    const doc = await c.findOne({ name: 'Ann' });
    expect(Object.keys(doc!)[0]).toBe('_id');
    expect(doc).toEqual({ _id: r.insertedId, name: 'Ann', age: 30 });
  });

  it('returns results larger than one batch through getMore', async () => {
    const c = db.collection('many');
    await c.insertMany(Array.from({ length: 1234 }, (_, i) => ({ i })));
    const all = await c.find({}, { batchSize: 100 }).sort({ i: 1 }).toArray();
    expect(all).toHaveLength(1234);
    expect(all.map((d) => d.i)).toEqual(Array.from({ length: 1234 }, (_, i) => i));
  });

  it('applies sort, skip, limit and projection', async () => {
    const c = db.collection('p');
    await c.insertMany([
      { n: 3, a: { b: 1, c: 2 }, arr: [1, 2, 3, 4] },
      { n: 1, a: { b: 2, c: 3 }, arr: [5] },
      { n: 2, a: { b: 3, c: 4 }, arr: [] },
    ]);
    const sorted = await c
      .find({}, { projection: { _id: 0, n: 1, 'a.b': 1 } })
      .sort({ n: -1 })
      .skip(1)
      .limit(1)
      .toArray();
    expect(sorted).toEqual([{ n: 2, a: { b: 3 } }]);
    const excluded = await c.findOne({ n: 1 }, { projection: { a: 0, _id: 0 } });
    expect(excluded).toEqual({ n: 1, arr: [5] });
    const sliced = await c.findOne({ n: 3 }, { projection: { _id: 0, arr: { $slice: 2 } } });
    expect(sliced!.arr).toEqual([1, 2]);
  });

  it('matches query operators over arrays and nested paths as MongoDB does', async () => {
    const c = db.collection('q');
    await c.insertMany([
      {
        k: 1,
        tags: ['a', 'b'],
        items: [
          { sku: 'x', qty: 1 },
          { sku: 'y', qty: 5 },
        ],
        name: 'Alpha',
      },
      { k: 2, tags: ['b'], items: [{ sku: 'x', qty: 7 }], name: 'beta' },
      { k: 3, tags: [], name: null },
      { k: 4 },
    ]);
    const ks = async (filter: object) => (await c.find(filter).sort({ k: 1 }).toArray()).map((d) => d.k);
    expect(await ks({ tags: 'b' })).toEqual([1, 2]);
    expect(await ks({ tags: { $all: ['a', 'b'] } })).toEqual([1]);
    expect(await ks({ tags: { $size: 0 } })).toEqual([3]);
    expect(await ks({ 'items.sku': 'y' })).toEqual([1]);
    expect(await ks({ items: { $elemMatch: { sku: 'x', qty: { $gt: 3 } } } })).toEqual([2]);
    expect(await ks({ 'items.qty': { $gte: 5, $lt: 6 } })).toEqual([1]);
    expect(await ks({ name: null })).toEqual([3, 4]);
    expect(await ks({ name: { $exists: false } })).toEqual([4]);
    expect(await ks({ name: /^a/i })).toEqual([1]);
    expect(await ks({ name: { $regex: 'ET', $options: 'i' } })).toEqual([2]);
    expect(await ks({ k: { $in: [2, 4] } })).toEqual([2, 4]);
    expect(await ks({ k: { $nin: [2, 4] } })).toEqual([1, 3]);
    expect(await ks({ $or: [{ k: 1 }, { tags: { $size: 1 } }] })).toEqual([1, 2]);
    expect(await ks({ $nor: [{ k: 1 }, { k: 2 }] })).toEqual([3, 4]);
    expect(await ks({ k: { $not: { $gt: 2 } } })).toEqual([1, 2]);
    expect(await ks({ k: { $mod: [2, 0] } })).toEqual([2, 4]);
    expect(await ks({ $expr: { $gt: ['$k', 2] } })).toEqual([3, 4]);
  });

  it('rejects an unknown query operator with BadValue', async () => {
    await expectServerError(
      db
        .collection('q')
        .find({ a: { $bogus: 1 } })
        .toArray(),
      2,
    );
  });
});

describe('update operators', () => {
  it('applies every operator mongoose emits', async () => {
    const c = db.collection('u');
    const { insertedId: _id } = await c.insertOne({
      n: 5,
      m: 2,
      s: 'x',
      arr: [3, 1],
      set: ['a'],
      nested: { v: 1 },
      old: 1,
      lo: 5,
      hi: 5,
      top: 5,
    });
    await c.updateOne({ _id }, {
      $set: { 'nested.w': 2, s: 'y' },
      $unset: { m: '' },
      $inc: { n: 2 },
      $mul: { lo: 2 },
      $min: { hi: 1 },
      $max: { top: 100 },
      $rename: { old: 'renamed' },
      $currentDate: { touchedAt: true },
      $push: { arr: { $each: [9, 0], $sort: 1, $slice: 3 } },
      $addToSet: { set: { $each: ['a', 'b'] } },
    } as never);
    const d = await c.findOne({ _id });
    expect(d).toMatchObject({
      n: 7,
      s: 'y',
      arr: [0, 1, 3],
      set: ['a', 'b'],
      nested: { v: 1, w: 2 },
      renamed: 1,
      hi: 1,
      lo: 10,
      top: 100,
    });
    expect(d!.m).toBeUndefined();
    expect(d!.old).toBeUndefined();
    expect(d!.touchedAt).toBeInstanceOf(Date);

    await c.updateOne({ _id }, { $pull: { arr: { $gte: 3 } }, $pop: { set: -1 } } as never);
    await c.updateOne({ _id }, {
      $pullAll: { arr: [0] },
      $push: { tags: { $each: ['first'], $position: 0 } },
    } as never);
    expect(await c.findOne({ _id }, { projection: { _id: 0, arr: 1, set: 1, tags: 1 } })).toEqual({
      arr: [1],
      set: ['b'],
      tags: ['first'],
    });
  });

  it('resolves the positional $, $[] and $[ident] with arrayFilters', async () => {
    const c = db.collection('pos');
    const { insertedId: _id } = await c.insertOne({
      grades: [
        { g: 80, n: 0 },
        { g: 90, n: 0 },
        { g: 95, n: 0 },
      ],
      xs: [1, 2, 3],
    });
    await c.updateOne({ _id, 'grades.g': 90 }, { $set: { 'grades.$.n': 1 } });
    await c.updateOne({ _id }, { $inc: { 'xs.$[]': 10 } });
    await c.updateOne({ _id }, { $set: { 'grades.$[hi].top': true } }, { arrayFilters: [{ 'hi.g': { $gte: 90 } }] });
    const d = await c.findOne({ _id });
    expect(d!.grades).toEqual([
      { g: 80, n: 0 },
      { g: 90, n: 1, top: true },
      { g: 95, n: 0, top: true },
    ]);
    expect(d!.xs).toEqual([11, 12, 13]);
  });

  it('upserts with $setOnInsert only when inserting, seeding equality fields from the query', async () => {
    const c = db.collection('ups');
    const r1 = await c.updateOne({ key: 'a' }, { $setOnInsert: { created: 1 }, $inc: { hits: 1 } }, { upsert: true });
    expect(r1.upsertedCount).toBe(1);
    const r2 = await c.updateOne({ key: 'a' }, { $setOnInsert: { created: 2 }, $inc: { hits: 1 } }, { upsert: true });
    expect(r2.upsertedCount).toBe(0);
    expect(r2.modifiedCount).toBe(1);
    const docs = await c.find({}, { projection: { _id: 0 } }).toArray();
    expect(docs).toEqual([{ key: 'a', created: 1, hits: 2 }]);
  });

  it('replaces a whole document but keeps its _id', async () => {
    const c = db.collection('rep');
    const { insertedId: _id } = await c.insertOne({ a: 1, b: 2 });
    await c.replaceOne({ _id }, { c: 3 });
    expect(await c.findOne({ _id })).toEqual({ _id, c: 3 });
  });

  it('counts matched and modified separately and updates many', async () => {
    const c = db.collection('many');
    await c.insertMany([
      { g: 1, v: 0 },
      { g: 1, v: 1 },
      { g: 2, v: 0 },
    ]);
    const r = await c.updateMany({ g: 1 }, { $set: { v: 1 } });
    expect(r.matchedCount).toBe(2);
    expect(r.modifiedCount).toBe(1);
  });

  it('refuses $inc on a string (TypeMismatch) and leaves the document unchanged', async () => {
    const c = db.collection('err');
    const { insertedId: _id } = await c.insertOne({ s: 'text', n: 1 });
    await expectServerError(c.updateOne({ _id }, { $inc: { s: 1, n: 1 } } as never), 14);
    expect(await c.findOne({ _id })).toEqual({ _id, s: 'text', n: 1 });
  });

  it('refuses $push onto a non-array (BadValue)', async () => {
    const c = db.collection('err2');
    const { insertedId: _id } = await c.insertOne({ s: 'text' });
    await expectServerError(c.updateOne({ _id }, { $push: { s: 1 } } as never), 2);
  });

  it('refuses changing _id (ImmutableField) and conflicting paths (ConflictingUpdateOperators)', async () => {
    const c = db.collection('err3');
    const { insertedId: _id } = await c.insertOne({ a: 1 });
    await expectServerError(c.updateOne({ _id }, { $set: { _id: new ObjectId() } }), 66);
    await expectServerError(c.updateOne({ _id }, { $set: { a: 2 }, $inc: { a: 1 } }), 40);
    await expectServerError(c.updateOne({ _id }, { $bogus: { a: 1 } } as never), 9);
  });
});

describe('delete, findAndModify, count and distinct', () => {
  it('deletes one or many', async () => {
    const c = db.collection('d');
    await c.insertMany([{ g: 1 }, { g: 1 }, { g: 2 }]);
    expect((await c.deleteOne({ g: 1 })).deletedCount).toBe(1);
    expect((await c.deleteMany({})).deletedCount).toBe(2);
    expect(await c.countDocuments()).toBe(0);
  });

  it('findOneAndUpdate returns the before or after image and honours sort', async () => {
    const c = db.collection('fam');
    await c.insertMany([
      { q: 1, v: 'a' },
      { q: 2, v: 'b' },
    ]);
    const before = await c.findOneAndUpdate({}, { $set: { v: 'z' } }, { sort: { q: -1 }, returnDocument: 'before' });
    expect(before).toMatchObject({ q: 2, v: 'b' });
    const after = await c.findOneAndUpdate(
      { q: 2 },
      { $set: { v: 'y' } },
      { returnDocument: 'after', projection: { _id: 0 } },
    );
    expect(after).toEqual({ q: 2, v: 'y' });
    const upserted = await c.findOneAndUpdate(
      { q: 3 },
      { $set: { v: 'c' } },
      { upsert: true, returnDocument: 'after', includeResultMetadata: true },
    );
    expect(upserted.lastErrorObject).toMatchObject({ n: 1, updatedExisting: false });
    expect(upserted.value).toMatchObject({ q: 3, v: 'c' });
    const removed = await c.findOneAndDelete({ q: 1 });
    expect(removed).toMatchObject({ q: 1 });
    expect(await c.countDocuments()).toBe(2);
  });

  it('counts with filters, estimates, and lists distinct values (arrays unwound)', async () => {
    const c = db.collection('cnt');
    await c.insertMany([
      { t: ['a', 'b'], g: 1 },
      { t: ['b'], g: 2 },
      { t: 'c', g: 2 },
    ]);
    expect(await c.countDocuments({ g: 2 })).toBe(2);
    expect(await c.estimatedDocumentCount()).toBe(3);
    expect((await c.distinct('t')).sort()).toEqual(['a', 'b', 'c']);
    expect(await c.distinct('g', { t: 'b' })).toEqual([1, 2]);
  });
});

describe('catalog', () => {
  it('creates, lists and drops collections and databases', async () => {
    await db.createCollection('made');
    await expectServerError(db.createCollection('made'), 48);
    const names = (await db.listCollections().toArray()).map((c) => c.name);
    expect(names).toContain('made');
    expect(await db.collection('made').drop()).toBe(true);
    await db.collection('other').insertOne({ a: 1 });
    const dbs = await client.db('admin').admin().listDatabases();
    expect(dbs.databases.map((d) => d.name)).toContain(db.databaseName);
    await db.dropDatabase();
    expect(await db.collection('other').countDocuments()).toBe(0);
  });

  it('answers ping, buildInfo and unknown commands with CommandNotFound', async () => {
    expect((await db.command({ ping: 1 })).ok).toBe(1);
    const info = await db.admin().buildInfo();
    expect(info.version).toMatch(/^\d+\.\d+/);
    await expectServerError(db.command({ frobnicate: 1 }), 59);
  });
});
