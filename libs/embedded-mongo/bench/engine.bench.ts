/**
 * Engine benchmark (run on demand: `npm run bench -w @quanzi/embedded-mongo`). Prints figures;
 * asserts nothing. Client and server share this process, so figures include both sides.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MongoClient } from 'mongodb';
import { startEmbeddedMongo } from '../src';

const N = Number(process.env.BENCH_DOCS ?? 100_000);

function ms(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function time<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = process.hrtime.bigint();
  const r = await fn();
  return [r, ms(t)];
}

function doc(i: number) {
  return {
    seq: i,
    circleId: `c${i % 100}`,
    nickname: `member-${i}`,
    score: i % 997,
    tags: [`t${i % 13}`],
    createdAt: new Date(1_700_000_000_000 + i * 1000),
  };
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qz-bench-'));
  const rows: [string, string][] = [];
  try {
    let mongo = await startEmbeddedMongo({ dbPath: dir });
    let client = await new MongoClient(mongo.uri).connect();
    let c = client.db('bench').collection('members');

    const batch = 1000;
    const [, tBatch] = await time(async () => {
      for (let i = 0; i < N; i += batch)
        await c.insertMany(Array.from({ length: Math.min(batch, N - i) }, (_, j) => doc(i + j)));
    });
    rows.push([
      `insertMany, ${N} docs in batches of ${batch} (journaled)`,
      `${Math.round(N / (tBatch / 1000))} docs/s`,
    ]);

    const single = c.db.collection('single');
    const S = 2000;
    const [, tSingle] = await time(async () => {
      for (let i = 0; i < S; i++) await single.insertOne(doc(i));
    });
    rows.push([`insertOne, ${S} sequential (journaled, fdatasync each)`, `${Math.round(S / (tSingle / 1000))} docs/s`]);

    await c.createIndex({ seq: 1 }, { unique: true });
    await c.createIndex({ circleId: 1, createdAt: -1 });
    const probes = 200;
    const [, tIdx] = await time(async () => {
      for (let i = 0; i < probes; i++) await c.findOne({ seq: (i * 7919) % N });
    });
    const [, tScan] = await time(async () => {
      for (let i = 0; i < 20; i++) await c.findOne({ nickname: `member-${(i * 7919) % N}` });
    });
    const idxMs = tIdx / probes;
    const scanMs = tScan / 20;
    rows.push([`indexed equality findOne on ${N} docs`, `${idxMs.toFixed(3)} ms`]);
    rows.push([`full-scan findOne on ${N} docs`, `${scanMs.toFixed(2)} ms`]);
    rows.push(['indexed vs full scan', `${(scanMs / idxMs).toFixed(0)}x faster`]);
    const [, tFeed] = await time(async () => {
      for (let i = 0; i < 100; i++)
        await c
          .find({ circleId: `c${i % 100}` })
          .sort({ createdAt: -1 })
          .limit(20)
          .toArray();
    });
    rows.push([`feed page (circleId eq + sort createdAt, limit 20) on ${N} docs`, `${(tFeed / 100).toFixed(2)} ms`]);
    const [, tCount] = await time(() => c.countDocuments({ score: { $gte: 500 } }));
    rows.push([`countDocuments with a scan over ${N} docs`, `${tCount.toFixed(1)} ms`]);

    await client.close();
    // Without a clean close the journal holds everything: stop the server but keep the journal for the replay figure.
    const journal = path.join(dir, 'journal.bson');
    const copy = journal + '.keep';
    fs.copyFileSync(journal, copy);
    await mongo.stop();
    const [, tSnapshotOpen] = await time(async () => {
      const m = await startEmbeddedMongo({ dbPath: dir });
      await m.stop();
    });
    rows.push([`restart from snapshot (${N + S} docs)`, `${tSnapshotOpen.toFixed(0)} ms`]);
    fs.rmSync(path.join(dir, 'snapshot.bson'));
    fs.renameSync(copy, journal);
    const journalMb = fs.statSync(journal).size / 1024 / 1024;
    const [m2, tReplay] = await time(() => startEmbeddedMongo({ dbPath: dir }));
    rows.push([
      `restart replaying the journal (${N + S} docs, ${journalMb.toFixed(1)} MB)`,
      `${tReplay.toFixed(0)} ms`,
    ]);
    client = await new MongoClient(m2.uri).connect();
    c = client.db('bench').collection('members');
    const count = await c.countDocuments();
    if (count !== N) throw new Error(`replay lost documents: ${count} != ${N}`);
    await client.close();
    mongo = m2;
    await mongo.stop();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(`\nembedded-mongo benchmark (${os.cpus().length} cores, node ${process.version})`);
  const w = Math.max(...rows.map((r) => r[0].length));
  for (const [k, v] of rows) console.log(`  ${k.padEnd(w)}  ${v}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
