import { Db, Long, MongoClient, MongoServerError } from 'mongodb';
import mongoose from 'mongoose';
import { EmbeddedMongo } from '../src';
import { Collection } from '../src/collection';
import { freshDbName, startClient } from './helpers';

let mongo: EmbeddedMongo;
let client: MongoClient;
let db: Db;

beforeAll(async () => ({ mongo, client } = await startClient({ transactionLifetimeMs: 300 })));
afterAll(async () => {
  await client.close();
  await mongo.stop();
});
beforeEach(() => {
  db = client.db(freshDbName('txn'));
});

describe('multi-document transactions', () => {
  it('commit makes all writes visible at once', async () => {
    const c = db.collection('acc');
    await c.insertMany([
      { _id: 'a' as never, bal: 100 },
      { _id: 'b' as never, bal: 0 },
    ]);
    const session = client.startSession();
    session.startTransaction();
    await c.updateOne({ _id: 'a' as never }, { $inc: { bal: -30 } }, { session });
    await c.updateOne({ _id: 'b' as never }, { $inc: { bal: 30 } }, { session });
    await c.insertOne({ _id: 'log' as never, note: 'moved' }, { session });
    // Read-your-own-writes inside, old state outside.
    expect((await c.findOne({ _id: 'a' as never }, { session }))!.bal).toBe(70);
    expect((await c.findOne({ _id: 'a' as never }))!.bal).toBe(100);
    expect(await c.findOne({ _id: 'log' as never })).toBeNull();
    expect(await c.countDocuments({ bal: { $gte: 100 } })).toBe(1);
    await session.commitTransaction();
    await session.endSession();
    expect((await c.find({}).sort({ _id: 1 }).toArray()).map((d) => [d._id, d.bal ?? d.note])).toEqual([
      ['a', 70],
      ['b', 30],
      ['log', 'moved'],
    ]);
  });

  it('abort rolls back inserts, updates and deletes, indexes included', async () => {
    const c = db.collection('rb');
    await c.createIndex({ code: 1 }, { unique: true });
    await c.insertMany([
      { code: 'keep', v: 1 },
      { code: 'gone', v: 1 },
    ]);
    const session = client.startSession();
    session.startTransaction();
    await c.updateOne({ code: 'keep' }, { $set: { v: 2, code: 'changed' } }, { session });
    await c.deleteOne({ code: 'gone' }, { session });
    await c.insertOne({ code: 'new' }, { session });
    await session.abortTransaction();
    await session.endSession();
    expect(
      await c
        .find({}, { projection: { _id: 0 } })
        .sort({ code: 1 })
        .toArray(),
    ).toEqual([
      { code: 'gone', v: 1 },
      { code: 'keep', v: 1 },
    ]);
    // The unique index holds the restored keys, and no trace of the aborted ones.
    await c.insertOne({ code: 'new' });
    await c.insertOne({ code: 'changed' });
    await expect(c.insertOne({ code: 'keep' })).rejects.toMatchObject({ code: 11000 });
  });

  it('gives a conflicting concurrent transaction WriteConflict labelled TransientTransactionError', async () => {
    const c = db.collection('wc');
    await c.insertOne({ _id: 'x' as never, n: 0 });
    const s1 = client.startSession();
    const s2 = client.startSession();
    s1.startTransaction();
    s2.startTransaction();
    await c.updateOne({ _id: 'x' as never }, { $inc: { n: 1 } }, { session: s1 });
    const err = (await c
      .updateOne({ _id: 'x' as never }, { $inc: { n: 10 } }, { session: s2 })
      .catch((e) => e)) as MongoServerError;
    expect(err.code).toBe(112);
    expect(err.codeName).toBe('WriteConflict');
    expect(err.hasErrorLabel('TransientTransactionError')).toBe(true);
    await s2.abortTransaction().catch(() => undefined);
    await s1.commitTransaction();
    await s1.endSession();
    await s2.endSession();
    expect((await c.findOne({ _id: 'x' as never }))!.n).toBe(1);
  });

  it('withTransaction retries after a write conflict so that both increments land', async () => {
    const c = db.collection('retry');
    await c.insertOne({ _id: 'x' as never, n: 0 });
    const run = async () => {
      const s = client.startSession();
      try {
        await s.withTransaction(async () => {
          await c.updateOne({ _id: 'x' as never }, { $inc: { n: 1 } }, { session: s });
          await new Promise((r) => setTimeout(r, 20));
        });
      } finally {
        await s.endSession();
      }
    };
    await Promise.all([run(), run(), run()]);
    expect((await c.findOne({ _id: 'x' as never }))!.n).toBe(3);
  });

  it('a write outside any transaction waits for the transaction holding the document', async () => {
    const c = db.collection('wait');
    await c.insertOne({ _id: 'x' as never, n: 0 });
    const s = client.startSession();
    s.startTransaction();
    await c.updateOne({ _id: 'x' as never }, { $inc: { n: 1 } }, { session: s });
    const outside = c.updateOne({ _id: 'x' as never }, { $inc: { n: 100 } });
    await new Promise((r) => setTimeout(r, 50));
    await s.commitTransaction();
    await s.endSession();
    await outside;
    expect((await c.findOne({ _id: 'x' as never }))!.n).toBe(101);
  });

  it('a blocked write sleeps until the holder ends instead of polling', async () => {
    const c = db.collection('sleep');
    await c.insertOne({ _id: 'x' as never, n: 0 });
    const s = client.startSession();
    s.startTransaction();
    await c.updateOne({ _id: 'x' as never }, { $inc: { n: 1 } }, { session: s });
    const attempts = jest.spyOn(Collection.prototype, 'checkWritable');
    const outside = c.updateOne({ _id: 'x' as never }, { $inc: { n: 100 } });
    await new Promise((r) => setTimeout(r, 150));
    const whileHeld = attempts.mock.calls.length;
    attempts.mockRestore();
    await s.abortTransaction();
    await s.endSession();
    await outside;
    // One attempt that found the lock; a poller would have retried every few milliseconds.
    expect(whileHeld).toBeLessThanOrEqual(2);
    expect((await c.findOne({ _id: 'x' as never }))!.n).toBe(100);
  });

  it("answers a retried retryable write from its session's state and forgets the session when it ends", async () => {
    const c = db.collection('retry');
    // The driver puts its session's lsid on every command; an explicit session makes it ours.
    const session = client.startSession();
    const insert = (txnNumber: number, _id: string) =>
      db.command({ insert: 'retry', documents: [{ _id }], txnNumber: Long.fromNumber(txnNumber) }, { session });
    expect(await insert(1, 'a')).toMatchObject({ n: 1, ok: 1 });
    // The same txnNumber again is a retry: the first reply, and no second write (no duplicate key).
    expect(await insert(1, 'a')).toEqual({ n: 1, ok: 1 });
    expect(await insert(2, 'b')).toEqual({ n: 1, ok: 1 });
    // Another session's txnNumber 2 is its own write.
    const other = client.startSession();
    const otherReply = await db.command(
      { insert: 'retry', documents: [{ _id: 'c' }], txnNumber: Long.fromNumber(2) },
      { session: other },
    );
    expect(otherReply).toEqual({ n: 1, ok: 1 });
    expect(await c.countDocuments()).toBe(3);
    await client.db('admin').command({ endSessions: [session.id] });
    // Ended: nothing is remembered for it any more, so the same statement is a new write.
    expect((await insert(2, 'b')).writeErrors?.[0]).toMatchObject({ code: 11000 });
    await session.endSession();
    await other.endSession();
  });

  it('an idle transaction expires and later operations get NoSuchTransaction', async () => {
    const c = db.collection('idle');
    const s = client.startSession();
    s.startTransaction();
    await c.insertOne({ a: 1 }, { session: s });
    await new Promise((r) => setTimeout(r, 1600));
    const err = (await c.insertOne({ a: 2 }, { session: s }).catch((e) => e)) as MongoServerError;
    expect(err.code).toBe(251);
    await s.abortTransaction().catch(() => undefined);
    await s.endSession();
    expect(await c.countDocuments()).toBe(0);
  });

  it('a duplicate key inside a transaction aborts it', async () => {
    const c = db.collection('dupx');
    await c.createIndex({ k: 1 }, { unique: true });
    await c.insertOne({ k: 1 });
    const s = client.startSession();
    s.startTransaction();
    await c.insertOne({ k: 2 }, { session: s });
    await expect(c.insertOne({ k: 1 }, { session: s })).rejects.toMatchObject({ code: 11000 });
    await expect(s.commitTransaction()).rejects.toMatchObject({ code: 251 });
    await s.endSession();
    expect(await c.countDocuments()).toBe(1);
  });
});

describe('through mongoose', () => {
  it('connection.transaction commits and rolls back model writes', async () => {
    const conn = await mongoose.createConnection(mongo.uri, { dbName: freshDbName('mg') }).asPromise();
    const Seat = conn.model('Seat', new mongoose.Schema({ sold: Number, quota: Number }));
    const Ticket = conn.model('Ticket', new mongoose.Schema({ code: { type: String, unique: true } }));
    await Ticket.init();
    const seat = await Seat.create({ sold: 0, quota: 1 });
    await conn.transaction(async (session) => {
      await Seat.updateOne({ _id: seat._id, sold: { $lt: 1 } }, { $inc: { sold: 1 } }, { session });
      await Ticket.create([{ code: 'T1' }], { session });
    });
    await expect(
      conn.transaction(async (session) => {
        await Seat.updateOne({ _id: seat._id }, { $inc: { sold: 1 } }, { session });
        await Ticket.create([{ code: 'T1' }], { session });
      }),
    ).rejects.toMatchObject({ code: 11000 });
    expect((await Seat.findById(seat._id).lean())!.sold).toBe(1);
    expect(await Ticket.countDocuments()).toBe(1);
    await conn.close();
  });
});
