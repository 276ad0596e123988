import { activeCollation, Collation, parseCollation, withCollation } from './collation';
import { duplicateKey } from './errors';
import { compareValues, Doc, isPlainObject, keyString, typeRank } from './bson-values';
import { Filter, matches, valuesAtPath } from './filter';
import { SortedList } from './sorted-list';

export interface IndexSpec {
  v?: number;
  name: string;
  key: Doc;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: Doc;
  expireAfterSeconds?: number;
  [option: string]: unknown;
}

interface Entry {
  vals: unknown[];
  id: string;
}

/**
 * One secondary (or the `_id`) index: a hash of full keys for equality and uniqueness, and a sorted
 * list of entries for prefix and range scans. Array values are indexed per element (multikey).
 */
export class Index {
  readonly fields: string[];
  /** Full key → the id holding it, or the set of ids when several do (one string per key saves memory). */
  private readonly hash = new Map<string, string | Set<string>>();
  private readonly sorted: SortedList<Entry>;
  multikey = false;

  /** The index's collation (its string keys are folded with it), if not simple. */
  readonly collation: Collation | undefined;

  /** The `_id` index needs no hash: the collection's document map is keyed by the same string. */
  private readonly hashless: boolean;

  constructor(
    readonly spec: IndexSpec,
    private readonly ns: string,
  ) {
    this.fields = Object.keys(spec.key);
    this.hashless = spec.name === '_id_';
    this.collation = parseCollation(spec.collation);
    const cmp = (a: Entry, b: Entry) => compareTuples(a.vals, b.vals) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    // Stored keys are ordered by binary comparison whatever collation the running command uses.
    this.sorted = new SortedList<Entry>((a, b) =>
      activeCollation() ? withCollation(undefined, () => cmp(a, b)) : cmp(a, b),
    );
  }

  get unique(): boolean {
    return Boolean(this.spec.unique) || this.spec.name === '_id_';
  }

  /** Whether the planner may use this index for any query (partial and sparse ones may miss documents). */
  get plannable(): boolean {
    return (
      !this.spec.sparse &&
      !this.spec.partialFilterExpression &&
      this.fields.every((f) => isSortDirection(this.spec.key[f]))
    );
  }

  /** Key tuples of `doc`, or none when the index leaves it out (sparse / partial). */
  keysOf(doc: Doc): unknown[][] {
    const keys = this.rawKeysOf(doc);
    const c = this.collation;
    if (!c || c.strength === 3) return keys;
    return keys.map((t) => t.map((v) => (typeof v === 'string' ? c.fold(v) : v)));
  }

  private rawKeysOf(doc: Doc): unknown[][] {
    if (this.spec.partialFilterExpression && !matches(doc, this.spec.partialFilterExpression)) return [];
    // Fast path: one top-level scalar field, the shape of most indexes.
    if (this.fields.length === 1 && !this.fields[0].includes('.')) {
      const v = doc[this.fields[0]];
      if (!Array.isArray(v)) {
        if (v === undefined && this.spec.sparse) return [];
        return [[v ?? null]];
      }
    }
    const perField = this.fields.map((f) => {
      const vals: unknown[] = [];
      for (const v of valuesAtPath(doc, f)) {
        if (Array.isArray(v)) {
          if (v.length === 0) vals.push(undefined);
          else vals.push(...v);
        } else vals.push(v);
      }
      return vals;
    });
    if (this.spec.sparse && perField.every((vals) => vals.every((v) => v === undefined))) return [];
    let tuples: unknown[][] = [[]];
    for (const vals of perField) {
      const seen = new Map<string, unknown>();
      for (const v of vals) seen.set(keyString(v ?? null), v ?? null);
      const next: unknown[][] = [];
      for (const t of tuples) for (const v of seen.values()) next.push([...t, v]);
      tuples = next;
    }
    return tuples;
  }

  /** Throws E11000 if `doc` would repeat a unique key held by another document. `blocker` reports uncommitted holders. */
  checkUnique(doc: Doc, id: string, isConflictHolder?: (holder: string) => boolean): void {
    if (!this.unique) return;
    for (const tuple of this.keysOf(doc)) {
      for (const h of this.holdersOfKey(tupleKey(tuple))) {
        if (h === id) continue;
        if (isConflictHolder?.(h)) continue;
        const keyValue: Doc = {};
        this.fields.forEach((f, i) => (keyValue[f] = tuple[i]));
        throw duplicateKey(this.ns, this.spec.name, { ...this.spec.key }, keyValue, dupKeyText(keyValue));
      }
    }
  }

  /** The ids of other documents holding one of `doc`'s unique keys. */
  holdersOf(doc: Doc, id: string): string[] {
    const out: string[] = [];
    if (!this.unique) return out;
    for (const tuple of this.keysOf(doc)) {
      for (const h of this.holdersOfKey(tupleKey(tuple))) if (h !== id) out.push(h);
    }
    return out;
  }

  private holdersOfKey(key: string): Iterable<string> {
    const h = this.hash.get(key);
    return h === undefined ? [] : typeof h === 'string' ? [h] : h;
  }

  private hashAdd(key: string, id: string): void {
    if (this.hashless) return;
    const h = this.hash.get(key);
    if (h === undefined) this.hash.set(key, id);
    else if (typeof h === 'string') {
      if (h !== id) this.hash.set(key, new Set([h, id]));
    } else h.add(id);
  }

  private hashRemove(key: string, id: string): void {
    if (this.hashless) return;
    const h = this.hash.get(key);
    if (h === id) this.hash.delete(key);
    else if (h instanceof Set) {
      h.delete(id);
      if (h.size === 1) this.hash.set(key, h.values().next().value as string);
    }
  }

  add(doc: Doc, id: string): void {
    for (const tuple of this.keysOf(doc)) {
      if (!this.hashless) this.hashAdd(tupleKey(tuple), id);
      this.sorted.insert({ vals: tuple, id });
    }
    this.noteMultikey(doc);
  }

  /** Builds the index over existing documents in one sort, checking uniqueness as it goes. */
  build(docs: Iterable<[string, Doc]>): void {
    const entries: Entry[] = [];
    for (const [id, doc] of docs) {
      this.checkUnique(doc, id);
      for (const tuple of this.keysOf(doc)) {
        if (!this.hashless) this.hashAdd(tupleKey(tuple), id);
        entries.push({ vals: tuple, id });
      }
      this.noteMultikey(doc);
    }
    this.sorted.load(entries);
  }

  private noteMultikey(doc: Doc): void {
    if (this.multikey) return;
    if (this.fields.length === 1 && !this.fields[0].includes('.')) this.multikey = Array.isArray(doc[this.fields[0]]);
    else this.multikey = this.fields.some((f) => valuesAtPath(doc, f).some(Array.isArray));
  }

  remove(doc: Doc, id: string): void {
    for (const tuple of this.keysOf(doc)) {
      if (!this.hashless) this.hashRemove(tupleKey(tuple), id);
      this.sorted.remove({ vals: tuple, id });
    }
  }

  lookup(tuple: unknown[]): Iterable<string> {
    // For `_id` the key is the document id itself; the caller checks that it exists.
    return this.hashless ? [tupleKey(tuple)] : this.holdersOfKey(tupleKey(tuple));
  }

  /** Ids whose key starts with `prefix` and whose next field lies within the bounds (a superset; callers re-check). */
  *scan(prefix: unknown[], lower?: Bound, upper?: Bound): Generator<string> {
    const n = prefix.length;
    const startProbe = (e: Entry): number => {
      const c = compareTuples(e.vals.slice(0, n), prefix);
      if (c !== 0) return c;
      if (lower) return compareValues(e.vals[n], lower.value) < 0 ? -1 : 1;
      if (upper) return typeRank(e.vals[n]) < typeRank(upper.value) ? -1 : 1;
      return 1;
    };
    for (const e of this.sorted.from(startProbe)) {
      if (compareTuples(e.vals.slice(0, n), prefix) !== 0) return;
      const v = e.vals[n];
      if (lower) {
        if (typeRank(v) !== typeRank(lower.value)) return;
        if (!lower.inclusive && compareValues(v, lower.value) === 0) continue;
      }
      if (upper) {
        if (typeRank(v) !== typeRank(upper.value)) return;
        const c = compareValues(v, upper.value);
        if (c > 0 || (c === 0 && !upper.inclusive)) return;
      }
      yield e.id;
    }
  }

  get entryCount(): number {
    return this.sorted.size;
  }
}

export interface Bound {
  value: unknown;
  inclusive: boolean;
}

function isSortDirection(v: unknown): boolean {
  return v === 1 || v === -1 || (typeof v === 'number' && v !== 0);
}

function compareTuples(a: unknown[], b: unknown[]): number {
  for (let i = 0; i < a.length && i < b.length; i++) {
    const c = compareValues(a[i], b[i]);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

function tupleKey(tuple: unknown[]): string {
  return tuple.length === 1 ? keyString(tuple[0] ?? null) : tuple.map((v) => keyString(v ?? null)).join('|');
}

/** `{ email: "a@b.c" }` as mongod prints a dup key. */
export function dupKeyText(keyValue: Doc): string {
  const fmt = (v: unknown): string => {
    if (v === null || v === undefined) return 'null';
    if (typeof v === 'string') return JSON.stringify(v);
    if (v instanceof Date) return `new Date(${v.getTime()})`;
    const hex = (v as { toHexString?: () => string }).toHexString;
    if (typeof hex === 'function') return `ObjectId('${hex.call(v)}')`;
    if (isPlainObject(v))
      return (
        '{ ' +
        Object.keys(v)
          .map((k) => `${k}: ${fmt(v[k])}`)
          .join(', ') +
        ' }'
      );
    if (Array.isArray(v)) return '[ ' + v.map(fmt).join(', ') + ' ]';
    return String(v);
  };
  return fmt(keyValue);
}

// ---------------------------------------------------------------------------------------------
// Planner

interface FieldPredicate {
  eq?: unknown[];
  lower?: Bound;
  upper?: Bound;
}

const MAX_EQ_COMBINATIONS = 200;

/** Per-field predicates the indexes can serve, from top-level fields and `$and` branches. */
function predicates(filter: Filter, out = new Map<string, FieldPredicate>()): Map<string, FieldPredicate> {
  for (const k of Object.keys(filter)) {
    const cond = filter[k];
    if (k === '$and' && Array.isArray(cond)) {
      for (const f of cond) if (isPlainObject(f)) predicates(f, out);
      continue;
    }
    if (k.startsWith('$')) continue;
    const p = out.get(k) ?? {};
    if (isPlainObject(cond) && Object.keys(cond).length && Object.keys(cond)[0].startsWith('$')) {
      for (const op of Object.keys(cond)) {
        const v = cond[op];
        if (!indexableValue(v) && op !== '$in') continue;
        if (op === '$eq') p.eq = [v];
        else if (op === '$in' && Array.isArray(v) && v.every(indexableValue)) p.eq = v;
        else if (op === '$gt' || op === '$gte') p.lower = { value: v, inclusive: op === '$gte' };
        else if (op === '$lt' || op === '$lte') p.upper = { value: v, inclusive: op === '$lte' };
      }
    } else if (indexableValue(cond)) {
      p.eq = [cond];
    }
    if (p.eq || p.lower || p.upper) out.set(k, p);
  }
  return out;
}

function indexableValue(v: unknown): boolean {
  if (v instanceof RegExp || Array.isArray(v)) return false;
  if (v !== null && typeof v === 'object' && (v as { _bsontype?: string })._bsontype === 'BSONRegExp') return false;
  if (isPlainObject(v)) return !Object.keys(v).some((k) => k.startsWith('$'));
  return true;
}

/**
 * Chooses the index serving the most leading equality fields (then a range) and returns the ids it
 * yields, or null for a full scan. Results are candidates: every one is re-checked by the matcher.
 */
export function planCandidates(
  indexes: Iterable<Index>,
  filter: Filter,
): { ids: Set<string>; indexName: string } | null {
  const preds = predicates(filter);
  if (!preds.size) return null;
  let best: { index: Index; eqFields: number; range: boolean; score: number } | null = null;
  for (const index of indexes) {
    if (!index.plannable) continue;
    let eqFields = 0;
    let combos = 1;
    for (const f of index.fields) {
      const p = preds.get(f);
      if (!p?.eq) break;
      combos *= p.eq.length;
      if (combos > MAX_EQ_COMBINATIONS) break;
      eqFields++;
    }
    const next = index.fields[eqFields];
    const range = next !== undefined && Boolean(preds.get(next)?.lower || preds.get(next)?.upper);
    if (!eqFields && !range) continue;
    const full = eqFields === index.fields.length;
    const score = eqFields * 4 + (range ? 2 : 0) + (full ? 1 : 0) + (index.unique && full ? 8 : 0);
    if (!best || score > best.score) best = { index, eqFields, range, score };
  }
  if (!best) return null;
  const { index, eqFields, range } = best;
  let prefixes: unknown[][] = [[]];
  for (const f of index.fields.slice(0, eqFields)) {
    const next: unknown[][] = [];
    for (const p of prefixes) for (const v of preds.get(f)!.eq!) next.push([...p, v]);
    prefixes = next;
  }
  const out = new Set<string>();
  for (const prefix of prefixes) {
    if (eqFields === index.fields.length) {
      for (const id of index.lookup(prefix)) out.add(id);
      continue;
    }
    const p = range ? preds.get(index.fields[eqFields])! : {};
    let { lower, upper } = p;
    // A multikey entry can satisfy the two bounds with different elements: keep one bound only.
    if (index.multikey && lower && upper) upper = undefined;
    for (const id of index.scan(prefix, lower, upper)) out.add(id);
  }
  return { ids: out, indexName: index.spec.name };
}
