import * as fs from 'fs';
import { Catalog } from './catalog';
import { ChangeOp, Collection, CollectionHost, Txn } from './collection';
import { Doc } from './bson-values';
import { IndexSpec } from './indexes';
import { acquireLock, Journal } from './journal';
import { recover, writeSnapshot } from './recovery';
import { TransactionManager } from './transactions';
import { sweepExpired } from './ttl';

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

/**
 * The engine the commands drive and the wire server fronts: it wires the catalog (databases,
 * collections, indexes), the transaction manager (sessions, transactions, retryable writes),
 * recovery and journaling (data directory), and the TTL sweep together.
 */
export class Engine implements CollectionHost {
  private readonly catalog: Catalog;
  readonly transactions: TransactionManager;
  private pending: ChangeOp[] = [];
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
    this.catalog = new Catalog(this);
    this.transactions = new TransactionManager(() => {
      for (const coll of this.catalog.allCollections()) coll.forgetVersions();
    });
  }

  open(): void {
    const started = Date.now();
    const dir = this.options.dbPath;
    if (dir) {
      fs.mkdirSync(dir, { recursive: true });
      this.releaseLock = acquireLock(dir);
      this.replaying = true;
      try {
        const { journal, replayedRecords, truncatedBytes } = recover(dir, this.catalog);
        this.journal = journal;
        this.stats.replayedRecords = replayedRecords;
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
    this.timers.push(setInterval(() => this.transactions.expire(Date.now(), this.options.transactionLifetimeMs), 1000));
    this.ttlTimer = setInterval(() => void this.sweepTtl(), this.options.ttlIntervalMs);
    this.timers.push(this.ttlTimer);
    for (const t of this.timers) t.unref();
  }

  private ttlTimer?: NodeJS.Timeout;

  /** `setParameter: {ttlMonitorSleepSecs}`: how often the TTL sweep runs from now on. */
  setTtlInterval(ms: number): void {
    if (!this.ttlTimer) return;
    clearInterval(this.ttlTimer);
    this.timers = this.timers.filter((t) => t !== this.ttlTimer);
    this.options.ttlIntervalMs = ms;
    this.ttlTimer = setInterval(() => void this.sweepTtl(), ms);
    this.ttlTimer.unref();
    this.timers.push(this.ttlTimer);
  }

  close(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    this.transactions.abortAll();
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
    return this.transactions.nextVersion();
  }

  get tracking(): boolean {
    return this.transactions.tracking;
  }

  record(op: ChangeOp): void {
    if (!this.replaying && this.journal) this.pending.push(op);
  }

  // --- durability ----------------------------------------------------------------------------

  /** Makes the changes recorded since the last call durable; resolves before the client is answered. */
  async commitPending(): Promise<void> {
    const ops = this.pending;
    this.pending = [];
    await this.append(ops);
  }

  private async append(ops: ChangeOp[]): Promise<void> {
    if (!this.journal || !ops.length) return;
    await this.journal.append({ ops });
    if (this.journal.bytes > this.options.compactAfterBytes) this.compact();
  }

  /** Writes the whole committed state as a snapshot, then empties the journal it supersedes. */
  compact(): void {
    if (this.journal && this.options.dbPath) writeSnapshot(this.options.dbPath, this.catalog, this.journal);
  }

  // --- catalog -------------------------------------------------------------------------------

  databaseNames(): string[] {
    return this.catalog.databaseNames();
  }

  collections(db: string): Collection[] {
    return this.catalog.collections(db);
  }

  getCollection(db: string, name: string): Collection | undefined {
    return this.catalog.getCollection(db, name);
  }

  ensureCollection(db: string, name: string): Collection {
    return this.catalog.ensureCollection(db, name);
  }

  createCollection(db: string, name: string, opts: Doc, failIfExists = false): Collection {
    return this.catalog.createCollection(db, name, opts, failIfExists);
  }

  /** collMod: replaces the collection's options and/or one index's spec (journaled). */
  modifyCollection(coll: Collection, opts: Doc, spec?: IndexSpec): void {
    this.catalog.modify(coll, opts, spec);
  }

  dropCollection(db: string, name: string): boolean {
    return this.catalog.dropCollection(db, name);
  }

  dropDatabase(db: string): void {
    this.catalog.dropDatabase(db);
  }

  createIndex(coll: Collection, spec: IndexSpec): boolean {
    return this.catalog.createIndex(coll, spec);
  }

  dropIndex(coll: Collection, name: string): void {
    this.catalog.dropIndex(coll, name);
  }

  // --- transactions --------------------------------------------------------------------------

  /** Commits `txn`: its writes become one journal record, durable before this resolves. */
  async commit(txn: Txn): Promise<void> {
    await this.append(this.transactions.commit(txn));
  }

  abort(txn: Txn): void {
    this.transactions.abort(txn);
  }

  // --- TTL -----------------------------------------------------------------------------------

  async sweepTtl(now = new Date()): Promise<number> {
    const removed = sweepExpired(this.catalog, now);
    await this.commitPending();
    return removed;
  }
}
