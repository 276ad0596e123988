/**
 * Child process for the crash test: opens the engine on a data directory and writes documents in a
 * loop, printing each id only after the server acknowledged it. The parent kills it with SIGKILL.
 */
import { MongoClient } from 'mongodb';
import { startEmbeddedMongo } from '../src';

async function main(): Promise<void> {
  const dbPath = process.argv[2];
  const mongo = await startEmbeddedMongo({ dbPath, compactAfterBytes: 64 * 1024 });
  const client = new MongoClient(mongo.uri);
  await client.connect();
  const c = client.db('crash').collection('docs');
  await c.createIndex({ seq: 1 }, { unique: true });
  process.stdout.write('ready\n');
  for (let seq = 0; ; seq++) {
    // Alternate single inserts, batched inserts and updates so every write path is journaled.
    if (seq % 3 === 0) {
      await c.insertMany([
        { seq, batch: true, pad: 'x'.repeat(200) },
        { seq: -seq - 1, batch: true },
      ]);
    } else {
      await c.insertOne({ seq, pad: 'y'.repeat(100) });
    }
    if (seq % 5 === 0) await c.updateOne({ seq }, { $set: { updated: true } });
    process.stdout.write(`ack ${seq}\n`);
  }
}

void main();
