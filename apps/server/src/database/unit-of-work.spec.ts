import { startEmbeddedMongo, type EmbeddedMongo } from '@quanzi/embedded-mongo';
import mongoose, { Schema, type Connection } from 'mongoose';
import { afterCommit, UnitOfWork } from './unit-of-work';

describe('UnitOfWork', () => {
  let engine: EmbeddedMongo;
  let connection: Connection;
  let uow: UnitOfWork;
  const counterSchema = new Schema({ name: String, n: Number });
  let model: mongoose.Model<mongoose.InferSchemaType<typeof counterSchema>>;
  const Counter = () => model;

  beforeAll(async () => {
    engine = await startEmbeddedMongo({ port: 0 });
    connection = await mongoose.createConnection(engine.uri).asPromise();
    model = connection.model('Counter', counterSchema);
    await model.createCollection();
    uow = new UnitOfWork(connection);
  });
  afterAll(async () => {
    await connection.close();
    await engine.stop();
  });

  it('runs post-commit effects in order and awaits them before returning', async () => {
    const seen: string[] = [];
    const result = await uow.run(async (session) => {
      await Counter().create([{ name: 'a', n: 1 }], { session });
      await afterCommit(session, async () => {
        await new Promise((r) => setTimeout(r, 20));
        seen.push('first');
      });
      await afterCommit(session, () => void seen.push('second'));
      expect(seen).toEqual([]);
      return 'done';
    });
    expect(result).toBe('done');
    expect(seen).toEqual(['first', 'second']);
  });

  it('drops the effects of a rolled-back transaction and keeps none of its writes', async () => {
    const seen: string[] = [];
    await expect(
      uow.run(async (session) => {
        await Counter().create([{ name: 'rolled-back', n: 1 }], { session });
        await afterCommit(session, () => void seen.push('never'));
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(seen).toEqual([]);
    expect(await Counter().countDocuments({ name: 'rolled-back' })).toBe(0);
  });

  it('runs only the effects of the attempt that committed when the driver retries', async () => {
    const seen: number[] = [];
    let attempt = 0;
    await uow.run(async (session) => {
      attempt += 1;
      await afterCommit(session, () => void seen.push(attempt));
      if (attempt === 1) {
        const err = new mongoose.mongo.MongoServerError({ message: 'write conflict', code: 112 });
        err.addErrorLabel('TransientTransactionError');
        throw err;
      }
    });
    expect(attempt).toBe(2);
    expect(seen).toEqual([2]);
  });

  it('a failing effect does not undo the commit or fail the caller', async () => {
    const value = await uow.run(async (session) => {
      await Counter().create([{ name: 'kept', n: 1 }], { session });
      await afterCommit(session, () => {
        throw new Error('listener broke');
      });
      return 7;
    });
    expect(value).toBe(7);
    expect(await Counter().countDocuments({ name: 'kept' })).toBe(1);
  });

  it('without a session the effect runs at once; a foreign transaction is refused', async () => {
    const seen: string[] = [];
    await afterCommit(undefined, () => void seen.push('now'));
    expect(seen).toEqual(['now']);
    await expect(connection.transaction(async (session) => afterCommit(session, () => undefined))).rejects.toThrow(
      /not opened by UnitOfWork/,
    );
  });
});
