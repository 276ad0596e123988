import { activeCollation } from './collation';
import {
  badValue,
  duplicateKey,
  MongoError,
  indexKeySpecsConflict,
  indexNotFound,
  indexOptionsConflict,
  writeConflict,
} from './errors';
import { compareValues, Doc, keyString } from './bson-values';
import { compileFilter, Filter } from './filter';
import { dupKeyText, Index, IndexSpec, planCandidates } from './indexes';

/** A multi-document transaction's bookkeeping inside the collections it touched. */
export interface Txn {
  readonly key: string;
  readonly startVersion: number;
  readonly touched: Map<Collection, Set<string>>;
  state: 'active' | 'committed' | 'aborted';
  lastUsed: number;
  /** Writers outside any transaction blocked on this one's locks; woken once it commits or aborts. */
  readonly waiters: Array<() => void>;
}

interface Lock {
  txn: Txn;
  /** The committed document before the transaction touched it; null when the transaction inserted it. */
  before: Doc | null;
}

/** Thrown when a write outside any transaction meets a document locked by one: the caller waits for `holder` to end. */
export class Blocked extends Error {
  constructor(readonly holder: Txn) {
    super('blocked by a transaction');
  }
}

/** Journal operations; each acknowledged write becomes a few of these. */
export type ChangeOp =
  | { o: 'put'; ns: string; d: Doc }
  | { o: 'del'; ns: string; id: unknown }
  | { o: 'coll'; ns: string; opts: Doc }
  | { o: 'dropc'; ns: string }
  | { o: 'idx'; ns: string; spec: IndexSpec }
  | { o: 'dropi'; ns: string; name: string }
  | { o: 'collmod'; ns: string; opts: Doc; spec?: IndexSpec }
  | { o: 'dropdb'; db: string };

export interface CollectionHost {
  nextVersion(): number;
  /** Whether any transaction is open: only then must writes be stamped for conflict checks. */
  readonly tracking: boolean;
  record(op: ChangeOp): void;
}

/**
 * Documents of one collection with their indexes. Stored documents are never mutated in place:
 * every write stores a fresh object, so readers, cursors and rollback images never see a half-write.
 * Transactions write through and keep the committed image in a lock, which other readers see.
 */
export class Collection {
  readonly docs = new Map<string, Doc>();
  readonly indexes = new Map<string, Index>();
  private readonly locks = new Map<string, Lock>();
  /** Version stamps of writes made while some transaction was open (see `CollectionHost.tracking`). */
  private readonly versions = new Map<string, number>();

  constructor(
    readonly db: string,
    readonly name: string,
    public options: Doc,
    private readonly host: CollectionHost,
  ) {
    this.indexes.set('_id_', new Index({ v: 2, key: { _id: 1 }, name: '_id_' }, this.ns));
  }

  /** Indexes the planner may use: hidden ones (collMod `hidden`) are still maintained but never chosen. */
  private plannable(): Iterable<Index> {
    // Under a collation strings compare by it, not by the index's stored keys: scan instead.
    if (activeCollation()) return [];
    let skip = false;
    for (const i of this.indexes.values()) if (i.spec.hidden || i.collation) skip = true;
    return skip ? [...this.indexes.values()].filter((i) => !i.spec.hidden && !i.collation) : this.indexes.values();
  }

  get ns(): string {
    return `${this.db}.${this.name}`;
  }

  static idKey(id: unknown): string {
    return keyString(id);
  }

  // --- reads ---------------------------------------------------------------------------------

  visible(id: string, txn?: Txn): Doc | undefined {
    const lock = this.locks.get(id);
    if (lock && lock.txn !== txn) return lock.before ?? undefined;
    return this.docs.get(id);
  }

  /** Matching documents as the reader sees them, in natural order. The objects are stored ones: do not mutate. */
  find(filter: Filter, txn?: Txn, limit = Infinity): Doc[] {
    const out: Doc[] = [];
    if (limit <= 0) return out;
    const node = compileFilter(filter);
    for (const id of this.candidateIds(filter, txn)) {
      const doc = this.visible(id, txn);
      if (doc && node.test(doc)) {
        out.push(doc);
        if (out.length >= limit) break;
      }
    }
    return out;
  }

  /** Ids worth testing for `filter`: from the best index when one applies, else all; plus other transactions' locked ids. */
  candidateIds(filter: Filter, txn?: Txn): Iterable<string> {
    const planned = planCandidates(this.plannable(), filter)?.ids;
    const foreignLocks: string[] = [];
    for (const [id, lock] of this.locks) if (lock.txn !== txn) foreignLocks.push(id);
    if (!planned) {
      if (!foreignLocks.length) return this.docs.keys();
      const all = new Set(this.docs.keys());
      for (const id of foreignLocks) all.add(id);
      return all;
    }
    // Index-driven reads come back in index order, as on mongod.
    if (!foreignLocks.length) return planned;
    for (const id of foreignLocks) planned.add(id);
    return planned;
  }

  /** What the planner chooses for `filter`: the index (if any) and how many documents would be examined. */
  explainPlan(filter: Filter): { indexName: string | null; examined: number } {
    const plan = planCandidates(this.plannable(), filter);
    return plan
      ? { indexName: plan.indexName, examined: plan.ids.size }
      : { indexName: null, examined: this.docs.size };
  }

  get count(): number {
    return this.docs.size;
  }

  // --- writes --------------------------------------------------------------------------------

  insert(doc: Doc, txn?: Txn): void {
    const id = Collection.idKey(doc._id);
    this.checkWritable(id, txn);
    if (this.visible(id, txn)) {
      throw duplicateKey(this.ns, '_id_', { _id: 1 }, { _id: doc._id }, dupKeyText({ _id: doc._id }));
    }
    this.checkUniques(doc, id, txn);
    this.store(id, doc, txn);
  }

  replace(id: string, next: Doc, txn?: Txn): void {
    this.checkWritable(id, txn);
    this.checkUniques(next, id, txn);
    this.store(id, next, txn);
  }

  remove(id: string, txn?: Txn): void {
    this.checkWritable(id, txn);
    this.store(id, null, txn);
  }

  /** Throws Blocked/WriteConflict when `id` is held by another transaction or changed since this one began. */
  checkWritable(id: string, txn?: Txn): void {
    const lock = this.locks.get(id);
    if (lock && lock.txn !== txn) {
      if (txn) throw writeConflict();
      throw new Blocked(lock.txn);
    }
    if (txn && !lock && (this.versions.get(id) ?? 0) > txn.startVersion) throw writeConflict();
  }

  private checkUniques(doc: Doc, id: string, txn?: Txn): void {
    for (const index of this.indexes.values()) {
      if (index.spec.name === '_id_') continue;
      for (const holder of index.holdersOf(doc, id)) {
        const lock = this.locks.get(holder);
        if (lock && lock.txn !== txn) {
          if (txn) throw writeConflict();
          throw new Blocked(lock.txn);
        }
      }
      index.checkUnique(doc, id);
    }
  }

  private store(id: string, next: Doc | null, txn?: Txn): void {
    const prev = this.docs.get(id);
    if (txn && !this.locks.has(id)) {
      this.locks.set(id, { txn, before: prev ?? null });
      let set = txn.touched.get(this);
      if (!set) txn.touched.set(this, (set = new Set()));
      set.add(id);
    }
    this.place(id, prev, next);
    this.stamp(id);
    if (!txn) this.host.record(next ? { o: 'put', ns: this.ns, d: next } : { o: 'del', ns: this.ns, id: prev?._id });
  }

  private stamp(id: string): void {
    // A transaction started before this write must see it as a conflict; with none open, no one can.
    if (this.host.tracking) this.versions.set(id, this.host.nextVersion());
  }

  /** Called when the last open transaction ends: no stamp can matter any more. */
  forgetVersions(): void {
    this.versions.clear();
  }

  private place(id: string, prev: Doc | undefined, next: Doc | null): void {
    for (const index of this.indexes.values()) {
      if (prev) index.remove(prev, id);
      if (next) index.add(next, id);
    }
    if (next) this.docs.set(id, next);
    else this.docs.delete(id);
  }

  /** Ends a transaction's hold: commit keeps its writes (returning them for the journal), abort restores the images. */
  release(txn: Txn, commit: boolean): ChangeOp[] {
    const ops: ChangeOp[] = [];
    for (const id of txn.touched.get(this) ?? []) {
      const lock = this.locks.get(id);
      if (!lock || lock.txn !== txn) continue;
      this.locks.delete(id);
      this.stamp(id);
      if (commit) {
        const doc = this.docs.get(id);
        if (doc) ops.push({ o: 'put', ns: this.ns, d: doc });
        else if (lock.before) ops.push({ o: 'del', ns: this.ns, id: lock.before._id });
      } else {
        this.place(id, this.docs.get(id), lock.before);
      }
    }
    return ops;
  }

  /** The committed image of every document, as a reader outside any transaction sees the collection. */
  *committedDocs(): Generator<Doc> {
    for (const [id, doc] of this.docs) {
      const lock = this.locks.get(id);
      if (!lock) yield doc;
      else if (lock.before) yield lock.before;
    }
    for (const [id, lock] of this.locks) if (!this.docs.has(id) && lock.before) yield lock.before;
  }

  get lockedCount(): number {
    return this.locks.size;
  }

  /**
   * Replay and snapshot loading: put or delete without checks, journaling or index upkeep;
   * `rebuildIndexes` then builds every index in one sort each.
   */
  applyRaw(op: { put?: Doc; delId?: unknown }): void {
    if (op.put) this.docs.set(Collection.idKey(op.put._id), op.put);
    else this.docs.delete(Collection.idKey(op.delId));
  }

  /** Loading: remember an index definition; it is built by `rebuildIndexes`. */
  registerIndex(spec: IndexSpec): void {
    this.indexes.set(spec.name, new Index(spec, this.ns));
  }

  rebuildIndexes(): void {
    for (const [name, old] of [...this.indexes]) {
      const index = new Index(old.spec, this.ns);
      index.build(this.docs);
      this.indexes.set(name, index);
    }
  }

  // --- indexes -------------------------------------------------------------------------------

  /** Creates an index over existing documents; false when an identical one exists. */
  createIndex(spec: IndexSpec): boolean {
    validateIndexSpec(spec);
    for (const existing of this.indexes.values()) {
      const sameKey = compareValues(existing.spec.key, spec.key) === 0;
      if (existing.spec.name === spec.name) {
        if (sameKey && sameOptions(existing.spec, spec)) return false;
        if (!sameKey)
          throw indexKeySpecsConflict(
            `An existing index has the same name as the requested index. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(existing.spec)}`,
          );
        throw indexOptionsConflict(
          `An equivalent index already exists with a different name and options. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(existing.spec)}`,
        );
      }
      if (sameKey && sameOptions(existing.spec, spec)) {
        throw indexOptionsConflict(`Index already exists with a different name: ${existing.spec.name}`);
      }
    }
    const index = new Index({ v: 2, ...spec }, this.ns);
    index.build(this.docs);
    this.indexes.set(spec.name, index);
    return true;
  }

  dropIndex(name: string): void {
    if (name === '_id_') throw badValue('cannot drop _id index');
    if (!this.indexes.delete(name)) throw indexNotFound(`index not found with name [${name}]`);
  }

  findIndexByKey(key: Doc): Index | undefined {
    return [...this.indexes.values()].find((i) => compareValues(i.spec.key, key) === 0);
  }

  /** Deletes documents whose TTL index date is older than the index allows. */
  expire(now: Date): number {
    let removed = 0;
    const rules: [string, number][] = [];
    for (const index of this.indexes.values()) {
      const ttl = index.spec.expireAfterSeconds;
      if (typeof ttl === 'number' && index.fields.length === 1) rules.push([index.fields[0], ttl]);
    }
    // A time-series collection's own `expireAfterSeconds` applies to its timeField.
    const ts = this.options.timeseries as { timeField?: string } | undefined;
    if (ts?.timeField && typeof this.options.expireAfterSeconds === 'number')
      rules.push([ts.timeField, this.options.expireAfterSeconds]);
    for (const [field, ttl] of rules) {
      const cutoff = now.getTime() - ttl * 1000;
      for (const [id, doc] of [...this.docs]) {
        if (this.locks.has(id)) continue;
        const v = doc[field];
        const dates = (Array.isArray(v) ? v : [v]).filter((x): x is Date => x instanceof Date);
        if (dates.length && Math.min(...dates.map((d) => d.getTime())) <= cutoff) {
          this.store(id, null);
          removed++;
        }
      }
    }
    return removed;
  }
}

function sameOptions(a: IndexSpec, b: IndexSpec): boolean {
  const pick = (s: IndexSpec) => ({
    unique: Boolean(s.unique),
    sparse: Boolean(s.sparse),
    partial: s.partialFilterExpression ? keyString(s.partialFilterExpression) : '',
    ttl: s.expireAfterSeconds ?? null,
  });
  return JSON.stringify(pick(a)) === JSON.stringify(pick(b));
}

function validateIndexSpec(spec: IndexSpec): void {
  if (!spec.name || typeof spec.name !== 'string') throw badValue('index name must be a string');
  const keys = Object.keys(spec.key ?? {});
  if (!keys.length) throw badValue('Index keys cannot be empty.');
  for (const k of keys) {
    const v = spec.key[k];
    if (v === 'text' || v === '2dsphere' || v === '2d' || v === 'geoHaystack') {
      throw new MongoError(67, 'CannotCreateIndex', `${String(v)} indexes are not supported by the embedded engine`);
    }
    if (v === 'hashed') continue;
    if (typeof v !== 'number' || v === 0)
      throw badValue(`Values in the index key pattern can only be 1, -1 or 'hashed': ${k}`);
  }
}
