import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MongoClient } from 'mongodb';
import { startEmbeddedMongo } from '../src';

const tmpDirs: string[] = [];
function tmpDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'qz-lock-'));
  tmpDirs.push(d);
  return d;
}
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

/** Starts a process holding `dir`; resolves with its first line: `ready <pid>` or `error <message>`. */
function holder(dir: string): Promise<{ child: ChildProcess; line: string }> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', path.join(__dirname, 'lock-child.ts'), dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, SWC_NODE_PROJECT: path.join(__dirname, '..', 'tsconfig.json') },
  });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve({ child, line: out.slice(0, nl) });
    });
    child.on('exit', (code) => reject(new Error(`lock child exited (${code}) before answering: ${stderr}`)));
  });
}

async function killHard(child: ChildProcess): Promise<void> {
  const closed = new Promise((r) => child.once('close', r));
  child.kill('SIGKILL');
  await closed;
}

describe('data directory lock', () => {
  it('restarts at once after the holder is SIGKILLed, even when the lock file names a live pid', async () => {
    const dir = tmpDir();
    const lockFile = path.join(dir, 'embedded-mongo.lock');
    for (let round = 0; round < 5; round++) {
      const { child, line } = await holder(dir);
      expect(line).toBe(`ready ${child.pid}`);
      await killHard(child);
      // A restarted container process often gets the dead holder's pid back: here, ours.
      if (round % 2 === 0) fs.writeFileSync(lockFile, String(process.pid));
      const mongo = await startEmbeddedMongo({ dbPath: dir });
      const client = await new MongoClient(mongo.uri).connect();
      await client.db('lock').collection('rounds').insertOne({ round });
      expect(await client.db('lock').collection('rounds').countDocuments()).toBe(round + 1);
      await client.close();
      await mongo.stop();
    }
  }, 90_000);

  it('refuses a second live process and a second engine in this process while the first holds the lock', async () => {
    const dir = tmpDir();
    const first = await startEmbeddedMongo({ dbPath: dir });
    const { line } = await holder(dir);
    expect(line).toMatch(new RegExp(`^error data directory .* is in use by process ${process.pid} `));
    await expect(startEmbeddedMongo({ dbPath: dir })).rejects.toThrow(/already open in this process/);
    await first.stop();

    // And the other way round: a live child holds it, this process is refused until the child dies.
    const { child, line: ready } = await holder(dir);
    expect(ready).toBe(`ready ${child.pid}`);
    await expect(startEmbeddedMongo({ dbPath: dir })).rejects.toThrow(`in use by process ${child.pid}`);
    await killHard(child);
    const again = await startEmbeddedMongo({ dbPath: dir });
    await again.stop();
  }, 60_000);
});
