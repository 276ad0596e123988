import * as fs from 'fs';
import * as path from 'path';
import { Doc } from './bson-values';
import { ChangeOp, Collection, CollectionHost, Txn } from './collection';
import { acquireLock, encodeRecord, Journal, readRecords, writeFileDurably } from './journal';
import { namespaceExists, noSuchTransaction } from './errors';
import { IndexSpec } from './indexes';

export interface EngineOptions {
  /** Data directory; in memory when absent. */
  dbPath?: string;
  /** Abort transactions idle for longer than this (MongoDB's transactionLifetimeLimitSeconds). */
  transactionLifetimeMs?: number;
  /** How often TTL indexes are swept. */
  ttlIntervalMs?: number;
  /** Snapshot and empty the journal once it grows past this many bytes. */
  compactAfterBytes?: number;
}

const SNAPSHOT = 'snapshot.bson';
const JOURNAL = 'journal.bson';

/** Databases, collections, transactions and durability; commands drive it, the wire server fronts it. */
export class Engine implements CollectionHost {
  private readonly dbs = new Map<string, Map<string, Collection>>();
  private version = 0;
  private pending: ChangeOp[] = [];
  private readonly txns = new Map<string, Txn>();
  private journal?: Journal;
  private releaseLock?: () => void;
  private timers: NodeJS.Timeout[] = [];
  private replaying = false;
  readonly options: Required<Omit<EngineOptions, 'dbPath'>> & { dbPath?: string };
  stats = { replayedRecords: 0, truncatedBytes: 0, loadMs: 0 };

  constructor(options: EngineOptions = {}) {
    this.options = {
      dbPath: options.dbPath,
      transactionLifetimeMs: options.transactionLifetimeMs ?? 60_000,
      ttlIntervalMs: options.ttlIntervalMs ?? 60_000,
      compactAfterBytes: options.compactAfterBytes ?? 64 * 1024 * 1024,
    };
  }

  open(): void {
    const started = Date.now();
    const dir = this.options.dbPath;
    if (dir) {
      fs.mkdirSync(dir, { recursive: true });
      this.releaseLock = acquireLock(dir);
      this.replaying = true;
      try {
        for (const rec of readRecords(path.join(dir, SNAPSHOT)).records) this.replay(rec);
        const { journal, records, truncatedBytes } = Journal.open(path.join(dir, JOURNAL));
        for (const rec of records) this.replay(rec);
        for (const colls of this.dbs.values()) for (const coll of colls.values()) coll.rebuildIndexes();
        this.journal = journal;
        this.stats.replayedRecords = records.length;
        this.stats.truncatedBytes = truncatedBytes;
      } catch (e) {
        this.releaseLock();
        this.releaseLock = undefined;
        throw e;
      } finally {
        this.replaying = false;
      }
    }
    this.stats.loadMs = Date.now() - started;
    this.timers.push(setInterval(() => this.expireIdleTransactions(), 1000));
    this.timers.push(setInterval(() => void this.sweepTtl(), this.options.ttlIntervalMs));
    for (const t of this.timers) t.unref();
  }

  close(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    for (const txn of [...this.txns.values()]) if (txn.state === 'active') this.abort(txn);
    if (this.journal) {
      this.compact();
      this.journal.close();
      this.journal = undefined;
    }
    this.releaseLock?.();
    this.releaseLock = undefined;
  }

  // --- CollectionHost -------------------------------------------------------------------------

  nextVersion(): number {
    return ++this.version;
  }

  get tracking(): boolean {
    return this.openTransactions > 0;
  }

  private openTransactions = 0;

  private transactionEnded(): void {
    if (--this.openTransactions > 0) return;
    for (const colls of this.dbs.values()) for (const coll of colls.values()) coll.forgetVersions();
  }

  record(op: ChangeOp): void {
    if (!this.replaying && this.journal) this.pending.push(op);
  }

  /** Makes the changes recorded since the last call durable; resolves before the client is answered. */
  async commitPending(): Promise<void> {
    if (!this.pending.length || !this.journal) {
      this.pending = [];
      return;
    }
    const ops = this.pending;
    this.pending = [];
    await this.journal.append({ ops });
    if (this.journal.bytes > this.options.compactAfterBytes) this.compact();
  }

  // --- catalog -------------------------------------------------------------------------------

  databaseNames(): string[] {
    return [...this.dbs.keys()].filter((n) => (this.dbs.get(n)?.size ?? 0) > 0);
  }

  collections(db: string): Collection[] {
    return [...(this.dbs.get(db)?.values() ?? [])];
  }

  getCollection(db: string, name: string): Collection | undefined {
    return this.dbs.get(db)?.get(name);
  }

  /** The collection, created implicitly (as MongoDB does on first write) when missing. */
  ensureCollection(db: string, name: string): Collection {
    return this.getCollection(db, name) ?? this.createCollection(db, name, {});
  }

  createCollection(db: string, name: string, opts: Doc, failIfExists = false): Collection {
    let colls = this.dbs.get(db);
    if (!colls) this.dbs.set(db, (colls = new Map()));
    const existing = colls.get(name);
    if (existing) {
      if (failIfExists) throw namespaceExists(`Collection ${db}.${name} already exists.`);
      return existing;
    }
    const coll = new Collection(db, name, opts, this);
    colls.set(name, coll);
    this.record({ o: 'coll', ns: coll.ns, opts });
    return coll;
  }

  dropCollection(db: string, name: string): boolean {
    const colls = this.dbs.get(db);
    if (!colls?.has(name)) return false;
    colls.delete(name);
    this.record({ o: 'dropc', ns: `${db}.${name}` });
    return true;
  }

  dropDatabase(db: string): void {
    this.dbs.delete(db);
    this.record({ o: 'dropdb', db });
  }

  createIndex(coll: Collection, spec: IndexSpec): boolean {
    const created = coll.createIndex(spec);
    if (created) this.record({ o: 'idx', ns: coll.ns, spec: coll.indexes.get(spec.name)!.spec });
    return created;
  }

  dropIndex(coll: Collection, name: string): void {
    coll.dropIndex(name);
    this.record({ o: 'dropi', ns: coll.ns, name });
  }

  // --- transactions --------------------------------------------------------------------------

  startTransaction(key: string): Txn {
    // A session runs one transaction at a time: a new txnNumber ends whatever it left open.
    const session = key.slice(0, key.lastIndexOf(':') + 1);
    for (const [k, old] of this.txns) if (k.startsWith(session) && old.state === 'active') this.abort(old);
    const txn: Txn = { key, startVersion: this.version, touched: new Map(), state: 'active', lastUsed: Date.now() };
    this.txns.set(key, txn);
    this.openTransactions++;
    return txn;
  }

  /** The live transaction under `key`, or NoSuchTransaction (labelled transient, so drivers retry). */
  activeTransaction(key: string): Txn {
    const txn = this.txns.get(key);
    if (!txn || txn.state !== 'active') {
      throw noSuchTransaction(`Transaction ${key} has been aborted or does not exist.`);
    }
    txn.lastUsed = Date.now();
    return txn;
  }

  findTransaction(key: string): Txn | undefined {
    return this.txns.get(key);
  }

  async commit(txn: Txn): Promise<void> {
    const ops: ChangeOp[] = [];
    for (const coll of txn.touched.keys()) ops.push(...coll.release(txn, true));
    txn.state = 'committed';
    this.transactionEnded();
    if (this.journal && ops.length) {
      await this.journal.append({ ops });
      if (this.journal.bytes > this.options.compactAfterBytes) this.compact();
    }
  }

  abort(txn: Txn): void {
    if (txn.state !== 'active') return;
    for (const coll of txn.touched.keys()) coll.release(txn, false);
    txn.state = 'aborted';
    this.transactionEnded();
  }

  /** Forget transaction records of ended sessions (their keys start with the session id). */
  endSessions(sessionPrefixes: string[]): void {
    for (const [key, txn] of this.txns) {
      if (sessionPrefixes.some((p) => key.startsWith(p + ':'))) {
        this.abort(txn);
        this.txns.delete(key);
      }
    }
  }

  private expireIdleTransactions(): void {
    const now = Date.now();
    for (const [key, txn] of this.txns) {
      if (txn.state === 'active' && now - txn.lastUsed > this.options.transactionLifetimeMs) this.abort(txn);
      if (txn.state !== 'active' && now - txn.lastUsed > 10 * 60_000) this.txns.delete(key);
    }
  }

  async sweepTtl(now = new Date()): Promise<number> {
    let removed = 0;
    for (const colls of this.dbs.values()) for (const coll of colls.values()) removed += coll.expire(now);
    await this.commitPending();
    return removed;
  }

  // --- durability ----------------------------------------------------------------------------

  private replay(record: Doc): void {
    for (const op of (record.ops as ChangeOp[]) ?? []) {
      if (op.o === 'dropdb') {
        this.dbs.delete(op.db);
        continue;
      }
      const dot = op.ns.indexOf('.');
      const db = op.ns.slice(0, dot);
      const name = op.ns.slice(dot + 1);
      switch (op.o) {
        case 'coll':
          this.createCollection(db, name, op.opts ?? {});
          break;
        case 'dropc':
          this.dropCollection(db, name);
          break;
        case 'idx': {
          const coll = this.ensureCollection(db, name);
          if (!coll.indexes.has(op.spec.name)) coll.registerIndex(op.spec);
          break;
        }
        case 'dropi':
          this.getCollection(db, name)?.indexes.delete(op.name);
          break;
        case 'put':
          this.ensureCollection(db, name).applyRaw({ put: op.d });
          break;
        case 'del':
          this.getCollection(db, name)?.applyRaw({ delId: op.id });
          break;
      }
    }
  }

  /** Writes the whole committed state as a snapshot, then empties the journal it supersedes. */
  compact(): void {
    if (!this.journal || !this.options.dbPath) return;
    this.journal.flush();
    const chunks: Buffer[] = [];
    for (const colls of this.dbs.values()) {
      for (const coll of colls.values()) {
        const head: ChangeOp[] = [{ o: 'coll', ns: coll.ns, opts: coll.options }];
        for (const index of coll.indexes.values()) if (index.spec.name !== '_id_') head.push({ o: 'idx', ns: coll.ns, spec: index.spec });
        chunks.push(encodeRecord({ ops: head }));
        let batch: ChangeOp[] = [];
        // Committed images only: a transaction's uncommitted write is not part of a snapshot.
        for (const doc of coll.committedDocs()) {
          batch.push({ o: 'put', ns: coll.ns, d: doc });
          if (batch.length >= 1000) {
            chunks.push(encodeRecord({ ops: batch }));
            batch = [];
          }
        }
        if (batch.length) chunks.push(encodeRecord({ ops: batch }));
      }
    }
    writeFileDurably(path.join(this.options.dbPath, SNAPSHOT), chunks);
    this.journal.reset();
  }
}
