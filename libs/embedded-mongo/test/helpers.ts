import { MongoClient } from 'mongodb';
import { EmbeddedMongoOptions, startEmbeddedMongo, EmbeddedMongo } from '../src';

/** One engine + one driver client per test file; each test uses its own database. */
export async function startClient(
  options: EmbeddedMongoOptions = {},
): Promise<{ mongo: EmbeddedMongo; client: MongoClient }> {
  const mongo = await startEmbeddedMongo(options);
  const client = new MongoClient(mongo.uri);
  await client.connect();
  return { mongo, client };
}

let seq = 0;
export const freshDbName = (prefix = 't') => `${prefix}_${process.pid}_${++seq}`;

export async function expectServerError(p: Promise<unknown>, code: number): Promise<Record<string, unknown>> {
  try {
    await p;
  } catch (e) {
    const err = e as { code?: number; errorResponse?: Record<string, unknown> };
    if (err.code !== code)
      throw new Error(`expected code ${code}, got ${String(err.code)}: ${String((e as Error).message)}`);
    return e as Record<string, unknown>;
  }
  throw new Error(`expected error code ${code}, but the operation succeeded`);
}
