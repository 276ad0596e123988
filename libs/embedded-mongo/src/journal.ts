import * as fs from 'fs';
import * as path from 'path';
import { crc32 } from 'zlib';
import { BSON } from 'bson';
import { flockSync } from 'fs-ext';
import { Doc } from './bson-values';

/**
 * Append-only journal of length-prefixed BSON records, each `[u32 length][u32 crc32][bson]`.
 * Appends queued in one turn of the event loop are written and fdatasync'ed together (group
 * commit) before any of their writers is acknowledged. A torn or corrupt tail is cut off on open.
 */
export class Journal {
  private fd: number;
  private queue: Buffer[] = [];
  private waiters: Array<{ resolve: () => void; reject: (e: unknown) => void }> = [];
  private scheduled = false;
  bytes = 0;

  private constructor(readonly file: string) {
    this.fd = fs.openSync(file, 'a+');
    this.bytes = fs.fstatSync(this.fd).size;
  }

  /** Opens (creating) the journal and returns its valid records; a torn tail is truncated away. */
  static open(file: string): { journal: Journal; records: Doc[]; truncatedBytes: number } {
    const { records, validLength, total } = readRecords(file);
    if (validLength < total) {
      fs.truncateSync(file, validLength);
    }
    return { journal: new Journal(file), records, truncatedBytes: total - validLength };
  }

  append(record: Doc): Promise<void> {
    this.queue.push(encodeRecord(record));
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
    return done;
  }

  /** Writes and syncs everything queued; called by the scheduler and before close/compaction. */
  flush(): void {
    this.scheduled = false;
    if (!this.queue.length) return;
    const buf = Buffer.concat(this.queue);
    const waiters = this.waiters;
    this.queue = [];
    this.waiters = [];
    try {
      let off = 0;
      while (off < buf.length) off += fs.writeSync(this.fd, buf, off);
      fs.fdatasyncSync(this.fd);
      this.bytes += buf.length;
      for (const w of waiters) w.resolve();
    } catch (e) {
      for (const w of waiters) w.reject(e);
    }
  }

  /** Empties the journal after a snapshot has made its contents redundant. */
  reset(): void {
    this.flush();
    fs.ftruncateSync(this.fd, 0);
    fs.fsyncSync(this.fd);
    this.bytes = 0;
  }

  close(): void {
    this.flush();
    fs.closeSync(this.fd);
  }
}

export function encodeRecord(record: Doc): Buffer {
  const body = Buffer.from(BSON.serialize(record));
  const head = Buffer.alloc(8);
  head.writeUInt32LE(body.length, 0);
  head.writeUInt32LE(crc32(body) >>> 0, 4);
  return Buffer.concat([head, body]);
}

export function readRecords(file: string): { records: Doc[]; validLength: number; total: number } {
  if (!fs.existsSync(file)) return { records: [], validLength: 0, total: 0 };
  const data = fs.readFileSync(file);
  const records: Doc[] = [];
  let off = 0;
  while (off + 8 <= data.length) {
    const len = data.readUInt32LE(off);
    const crc = data.readUInt32LE(off + 4);
    if (len < 5 || off + 8 + len > data.length) break;
    const body = data.subarray(off + 8, off + 8 + len);
    if (crc32(body) >>> 0 !== crc) break;
    try {
      records.push(BSON.deserialize(body, { promoteLongs: false }) as Doc);
    } catch {
      break;
    }
    off += 8 + len;
  }
  return { records, validLength: off, total: data.length };
}

/** Writes a file durably: temp file, fsync, rename over the target, fsync the directory. */
export function writeFileDurably(file: string, chunks: Buffer[]): void {
  const tmp = `${file}.tmp-${process.pid}`;
  const fd = fs.openSync(tmp, 'w');
  try {
    for (const c of chunks) {
      let off = 0;
      while (off < c.length) off += fs.writeSync(fd, c, off);
    }
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  try {
    const dfd = fs.openSync(path.dirname(file), 'r');
    fs.fsyncSync(dfd);
    fs.closeSync(dfd);
  } catch {
    // Some filesystems refuse fsync on directories; the rename itself is still atomic.
  }
}

/** Data directories this process holds, by real path, for a clearer error than the kernel's. */
const heldHere = new Set<string>();

/**
 * An exclusive advisory lock (flock) on `embedded-mongo.lock` in the data directory, held on an
 * open file descriptor for as long as the engine is open. The kernel drops it when the descriptor
 * closes, including when the process is killed, so a dead holder never blocks a restart, whatever
 * pid the restarted process gets. flock locks belong to the open file, so a second engine in the
 * same process is refused too. The pid written into the file is only for the error message.
 */
export function acquireLock(dir: string): () => void {
  const file = path.join(dir, 'embedded-mongo.lock');
  const key = fs.realpathSync(dir);
  if (heldHere.has(key)) throw new Error(`data directory ${dir} is already open in this process`);
  // 'a+' creates without truncating: the holder's pid stays readable until we own the lock.
  const fd = fs.openSync(file, 'a+');
  try {
    flockSync(fd, 'exnb');
  } catch (e) {
    fs.closeSync(fd);
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EAGAIN' && code !== 'EWOULDBLOCK') throw e;
    let holder = '';
    try {
      holder = fs.readFileSync(file, 'utf8').trim();
    } catch {
      // unreadable: the message just names no pid
    }
    throw new Error(
      `data directory ${dir} is in use by ${holder ? `process ${holder}` : 'another process'} (locked ${file})`,
    );
  }
  fs.ftruncateSync(fd, 0);
  fs.writeSync(fd, String(process.pid), 0);
  heldHere.add(key);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    heldHere.delete(key);
    // The file stays: unlinking it would let a newcomer lock a fresh inode while someone still
    // holds the old one. Closing the descriptor releases the lock.
    fs.closeSync(fd);
  };
}
