import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MongoClient } from 'mongodb';
import { startEmbeddedMongo } from '../src';

const tmpDirs: string[] = [];
function tmpDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'qz-engine-'));
  tmpDirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

async function withEngine<T>(dbPath: string, fn: (client: MongoClient) => Promise<T>, opts = {}): Promise<T> {
  const mongo = await startEmbeddedMongo({ dbPath, ...opts });
  const client = new MongoClient(mongo.uri);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.close();
    await mongo.stop();
  }
}

describe('durability with a data directory', () => {
  it('keeps documents, updates, deletes and indexes across a restart', async () => {
    const dir = tmpDir();
    await withEngine(dir, async (client) => {
      const c = client.db('app').collection('users');
      await c.createIndex({ email: 1 }, { unique: true });
      await c.insertMany([
        { email: 'a', n: 1 },
        { email: 'b', n: 1 },
        { email: 'c', n: 1 },
      ]);
      await c.updateOne({ email: 'a' }, { $inc: { n: 41 } });
      await c.deleteOne({ email: 'b' });
      await client.db('app').collection('dropped').insertOne({ x: 1 });
      await client.db('app').collection('dropped').drop();
    });
    await withEngine(dir, async (client) => {
      const c = client.db('app').collection('users');
      expect(
        await c
          .find({}, { projection: { _id: 0 } })
          .sort({ email: 1 })
          .toArray(),
      ).toEqual([
        { email: 'a', n: 42 },
        { email: 'c', n: 1 },
      ]);
      await expect(c.insertOne({ email: 'a' })).rejects.toMatchObject({ code: 11000 });
      const names = (await client.db('app').listCollections().toArray()).map((x) => x.name);
      expect(names).toEqual(['users']);
    });
  });

  it('journals committed transactions and forgets aborted ones', async () => {
    const dir = tmpDir();
    await withEngine(dir, async (client) => {
      const c = client.db('app').collection('t');
      const s = client.startSession();
      await s.withTransaction(async () => {
        await c.insertOne({ k: 'committed' }, { session: s });
      });
      s.startTransaction();
      await c.insertOne({ k: 'aborted' }, { session: s });
      await s.abortTransaction();
      await s.endSession();
    });
    await withEngine(dir, async (client) => {
      expect((await client.db('app').collection('t').find({}).toArray()).map((d) => d.k)).toEqual(['committed']);
    });
  });

  it('compacts into a snapshot and replays snapshot plus journal', async () => {
    const dir = tmpDir();
    await withEngine(
      dir,
      async (client) => {
        const c = client.db('app').collection('many');
        for (let i = 0; i < 20; i++)
          await c.insertMany(Array.from({ length: 50 }, (_, j) => ({ i, j, pad: 'z'.repeat(100) })));
        expect(fs.existsSync(path.join(dir, 'snapshot.bson'))).toBe(true);
        expect(fs.statSync(path.join(dir, 'journal.bson')).size).toBeLessThan(64 * 1024);
        await c.deleteMany({ i: { $lt: 10 } });
      },
      { compactAfterBytes: 32 * 1024 },
    );
    await withEngine(dir, async (client) => {
      expect(await client.db('app').collection('many').countDocuments()).toBe(500);
    });
  });

  it('cuts a torn journal tail and opens cleanly', async () => {
    const dir = tmpDir();
    await withEngine(
      dir,
      async (client) => {
        await client
          .db('app')
          .collection('c')
          .insertMany([{ a: 1 }, { a: 2 }]);
      },
      { compactAfterBytes: Number.MAX_SAFE_INTEGER },
    );
    // Closing compacts; append a record and then half of another, as a crash mid-write would leave.
    const journal = path.join(dir, 'journal.bson');
    await withEngine(
      dir,
      async (client) => {
        await client.db('app').collection('c').insertOne({ a: 3 });
        fs.appendFileSync(journal, Buffer.from([0x40, 0, 0, 0, 1, 2, 3, 4, 5, 6]));
        // Stop without the clean-close compaction: simulate by copying the journal aside now.
        fs.copyFileSync(journal, journal + '.crash');
      },
      { compactAfterBytes: Number.MAX_SAFE_INTEGER },
    );
    fs.rmSync(path.join(dir, 'snapshot.bson'));
    fs.renameSync(journal + '.crash', journal);
    const sizeBefore = fs.statSync(journal).size;
    await withEngine(dir, async (client) => {
      expect((await client.db('app').collection('c').find({}).sort({ a: 1 }).toArray()).map((d) => d.a)).toEqual([3]);
    });
    expect(sizeBefore).toBeGreaterThan(10);
  });

  it('refuses a second engine on the same data directory', async () => {
    const dir = tmpDir();
    const first = await startEmbeddedMongo({ dbPath: dir });
    await expect(startEmbeddedMongo({ dbPath: dir })).rejects.toThrow(/in use|already open/);
    await first.stop();
    const again = await startEmbeddedMongo({ dbPath: dir });
    await again.stop();
  });

  it('keeps every acknowledged write when the process is killed with SIGKILL', async () => {
    const dir = tmpDir();
    const child = spawn(process.execPath, ['-r', '@swc-node/register', path.join(__dirname, 'crash-child.ts'), dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, SWC_NODE_PROJECT: path.join(__dirname, '..', 'tsconfig.json') },
    });
    const acked: number[] = [];
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    await new Promise<void>((resolve, reject) => {
      let buf = '';
      child.stdout.on('data', (d) => {
        buf += d;
        const lines = buf.split('\n');
        buf = lines.pop()!;
        for (const l of lines) if (l.startsWith('ack ')) acked.push(Number(l.slice(4)));
        if (acked.length >= 400) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', (code) =>
        acked.length >= 400 ? resolve() : reject(new Error(`child exited early (${code}): ${stderr}`)),
      );
    });
    await new Promise((r) => child.once('close', r));
    expect(fs.existsSync(path.join(dir, 'embedded-mongo.lock'))).toBe(true);
    await withEngine(dir, async (client) => {
      const c = client.db('crash').collection('docs');
      const stored = new Set(
        (await c.find({ seq: { $gte: 0 } }, { projection: { seq: 1 } }).toArray()).map((d) => d.seq),
      );
      const missing = acked.filter((s) => !stored.has(s));
      expect(missing).toEqual([]);
      for (const s of acked.filter((x) => x % 3 === 0)) expect(stored.has(s)).toBe(true);
      const updated = await c.countDocuments({ updated: true, seq: { $lte: Math.max(...acked) } });
      expect(updated).toBe(acked.filter((s) => s % 5 === 0).length);
      await expect(c.insertOne({ seq: 0 })).rejects.toMatchObject({ code: 11000 });
    });
  }, 60_000);
});
