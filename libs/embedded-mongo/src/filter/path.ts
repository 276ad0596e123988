import { activeCollation } from '../collation';
import { bsonType, compareValues, Doc, isPlainObject, typeRank } from '../bson-values';

/** Dotted paths through documents and arrays, and the equality every operator family shares. */

const MISSING = undefined;

/** Every value reachable at `path` in `doc`, `undefined` standing for a missing branch. */
export function valuesAtPath(doc: unknown, path: string): unknown[] {
  const parts = splitPath(path);
  if (parts.length === 1 && isPlainObject(doc)) {
    // The common case: a top-level field. Arrays are still returned whole for the caller to expand.
    return [Object.prototype.hasOwnProperty.call(doc, path) ? doc[path] : MISSING];
  }
  const out: unknown[] = [];
  collect(doc, parts, 0, out);
  return out;
}

const splitCache = new Map<string, string[]>();
function splitPath(path: string): string[] {
  let parts = splitCache.get(path);
  if (!parts) {
    parts = path.split('.');
    if (splitCache.size > 10_000) splitCache.clear();
    splitCache.set(path, parts);
  }
  return parts;
}

function collect(value: unknown, parts: string[], i: number, out: unknown[]): void {
  if (i === parts.length) {
    out.push(value);
    return;
  }
  const part = parts[i];
  if (Array.isArray(value)) {
    const before = out.length;
    if (/^\d+$/.test(part)) {
      const idx = Number(part);
      if (idx < value.length) collect(value[idx], parts, i + 1, out);
    }
    for (const el of value) {
      if (isPlainObject(el)) collect(el, parts, i, out);
      else if (bsonType(el) === 'DBRef') collect(dbRefFields(el), parts, i, out);
    }
    if (out.length === before) out.push(MISSING);
    return;
  }
  if (isPlainObject(value)) {
    collect(Object.prototype.hasOwnProperty.call(value, part) ? value[part] : MISSING, parts, i + 1, out);
    return;
  }
  if (bsonType(value) === 'DBRef') {
    collect(dbRefFields(value), parts, i, out);
    return;
  }
  out.push(MISSING);
}

/** A DBRef as the document it is stored as: `{$ref, $id, $db?, ...fields}` (the driver hands us a class). */
export function dbRefFields(ref: unknown): Doc {
  const r = ref as { collection: string; oid: unknown; db?: string; fields?: Doc };
  const out: Doc = { $ref: r.collection, $id: r.oid };
  if (r.db) out.$db = r.db;
  return { ...out, ...(r.fields ?? {}) };
}

/** `$ref`, `$id` and `$db` are DBRef field names, not operators. */
export const DBREF_FIELDS = new Set(['$ref', '$id', '$db']);

/** Leaf values plus the elements of leaf arrays: what equality and range operators look at. */
export function expand(values: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const v of values) {
    out.push(v);
    if (Array.isArray(v)) out.push(...v);
  }
  return out;
}

export function isRegex(v: unknown): v is RegExp | { pattern: string; options: string } {
  return v instanceof RegExp || bsonType(v) === 'BSONRegExp';
}

/** `{$gt: 1}`-style: a non-empty object whose first key is an operator. */
export function isOperatorObject(v: unknown): v is Doc {
  if (!isPlainObject(v)) return false;
  for (const k in v) return k.startsWith('$') && !DBREF_FIELDS.has(k);
  return false;
}

function equalsCandidate(candidate: unknown, want: unknown): boolean {
  if (want === null) return candidate === null || candidate === undefined;
  if (candidate === undefined) return false;
  if (typeof want === 'string') {
    if (candidate === want) return true;
    const c = activeCollation();
    return !!c && typeof candidate === 'string' && c.collator.compare(candidate, want) === 0;
  }
  if (typeof want === 'boolean') return candidate === want;
  if (typeof want === 'number' && typeof candidate === 'number') {
    return candidate === want || (Number.isNaN(want) && Number.isNaN(candidate));
  }
  return typeRank(candidate) === typeRank(want) && compareValues(candidate, want) === 0;
}

/** MongoDB equality over a path's values: a leaf array matches by itself or by any element. */
export function equalsAny(values: unknown[], want: unknown): boolean {
  for (const v of values) {
    if (equalsCandidate(v, want)) return true;
    if (Array.isArray(v)) for (const el of v) if (equalsCandidate(el, want)) return true;
  }
  return false;
}
