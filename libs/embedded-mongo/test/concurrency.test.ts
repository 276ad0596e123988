import { MongoClient } from 'mongodb';
import mongoose from 'mongoose';
import { EmbeddedMongo } from '../src';
import { freshDbName, startClient } from './helpers';

let mongo: EmbeddedMongo;
let client: MongoClient;

beforeAll(async () => ({ mongo, client } = await startClient()));
afterAll(async () => {
  await client.close();
  await mongo.stop();
});

describe('conditional atomic updates under concurrency', () => {
  it('200 concurrent findOneAndUpdate({sold < 50}, $inc) succeed exactly 50 times', async () => {
    const c = client.db(freshDbName('quota')).collection('ticketTypes');
    const { insertedId } = await c.insertOne({ sold: 0 });
    const attempts = await Promise.all(
      Array.from({ length: 200 }, () =>
        c.findOneAndUpdate({ _id: insertedId, sold: { $lt: 50 } }, { $inc: { sold: 1 } }, { returnDocument: 'after' }),
      ),
    );
    expect(attempts.filter((r) => r !== null)).toHaveLength(50);
    expect((await c.findOne({ _id: insertedId }))!.sold).toBe(50);
    const seen = attempts
      .filter((r) => r !== null)
      .map((r) => r!.sold)
      .sort((a, b) => a - b);
    expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('does the same through mongoose over a pool of connections', async () => {
    const conn = await mongoose.createConnection(mongo.uri, { dbName: freshDbName('mq'), maxPoolSize: 20 }).asPromise();
    const TicketType = conn.model('TicketType', new mongoose.Schema({ sold: Number, quota: Number }));
    const tt = await TicketType.create({ sold: 0, quota: 50 });
    const results = await Promise.all(
      Array.from({ length: 200 }, () =>
        TicketType.findOneAndUpdate(
          { _id: tt._id, sold: { $lt: 50 } },
          { $inc: { sold: 1 } },
          { returnDocument: 'after' },
        ).lean(),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(50);
    expect((await TicketType.findById(tt._id).lean())!.sold).toBe(50);
    await conn.close();
  });

  it('keeps a unique index exact when many clients race to insert the same key', async () => {
    const c = client.db(freshDbName('race')).collection('likes');
    await c.createIndex({ postId: 1, userId: 1 }, { unique: true });
    const outcomes = await Promise.allSettled(Array.from({ length: 50 }, () => c.insertOne({ postId: 1, userId: 7 })));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(await c.countDocuments()).toBe(1);
  });
});
