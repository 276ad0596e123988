import { ChangeOp, Collection, CollectionHost } from './collection';
import { Doc } from './bson-values';
import { namespaceExists } from './errors';
import { IndexSpec } from './indexes';

/** Databases and their collections and indexes; every change is handed to `host.record` for the journal. */
export class Catalog {
  private readonly dbs = new Map<string, Map<string, Collection>>();

  constructor(private readonly host: CollectionHost) {}

  databaseNames(): string[] {
    return [...this.dbs.keys()].filter((n) => (this.dbs.get(n)?.size ?? 0) > 0);
  }

  collections(db: string): Collection[] {
    return [...(this.dbs.get(db)?.values() ?? [])];
  }

  *allCollections(): Generator<Collection> {
    for (const colls of this.dbs.values()) yield* colls.values();
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
    const coll = new Collection(db, name, opts, this.host);
    colls.set(name, coll);
    this.host.record({ o: 'coll', ns: coll.ns, opts });
    return coll;
  }

  dropCollection(db: string, name: string): boolean {
    const colls = this.dbs.get(db);
    if (!colls?.has(name)) return false;
    colls.delete(name);
    this.host.record({ o: 'dropc', ns: `${db}.${name}` });
    return true;
  }

  dropDatabase(db: string): void {
    this.dbs.delete(db);
    this.host.record({ o: 'dropdb', db });
  }

  createIndex(coll: Collection, spec: IndexSpec): boolean {
    const created = coll.createIndex(spec);
    if (created) this.host.record({ o: 'idx', ns: coll.ns, spec: coll.indexes.get(spec.name)!.spec });
    return created;
  }

  /** collMod: new collection options and/or one index's changed spec (TTL, hidden). */
  modify(coll: Collection, opts: Doc, spec?: IndexSpec): void {
    this.applyModify(coll, opts, spec);
    this.host.record({ o: 'collmod', ns: coll.ns, opts, ...(spec ? { spec } : {}) });
  }

  private applyModify(coll: Collection, opts: Doc, spec?: IndexSpec): void {
    coll.options = opts;
    const index = spec && coll.indexes.get(spec.name);
    if (index) Object.assign(index.spec, spec);
  }

  dropIndex(coll: Collection, name: string): void {
    coll.dropIndex(name);
    this.host.record({ o: 'dropi', ns: coll.ns, name });
  }

  /** Replays one journal or snapshot operation (recovery); nothing is recorded while replaying. */
  apply(op: ChangeOp): void {
    if (op.o === 'dropdb') {
      this.dbs.delete(op.db);
      return;
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
      case 'collmod': {
        const coll = this.getCollection(db, name);
        if (coll) this.applyModify(coll, op.opts, op.spec);
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
