import { Query } from 'mingo';
import { badValue } from './errors';
import {
  bsonType, compareValues, Doc, hasType, isKnownTypeAlias, isNumeric, isPlainObject, toNumber, typeRank,
} from './bson-values';

/**
 * MongoDB's query language, evaluated with the engine's own BSON ordering (mingo compares Long and
 * Decimal128 as strings and has its own cross-type order). Array traversal follows MongoDB: a path
 * through an array fans out over its elements, and a leaf array matches by itself or by any element.
 */

export type Filter = Doc;

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
    }
    if (out.length === before) out.push(MISSING);
    return;
  }
  if (isPlainObject(value)) {
    collect(Object.prototype.hasOwnProperty.call(value, part) ? value[part] : MISSING, parts, i + 1, out);
    return;
  }
  out.push(MISSING);
}

/** Leaf values plus the elements of leaf arrays: what equality and range operators look at. */
function expand(values: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const v of values) {
    out.push(v);
    if (Array.isArray(v)) out.push(...v);
  }
  return out;
}

function isRegex(v: unknown): boolean {
  return v instanceof RegExp || bsonType(v) === 'BSONRegExp';
}

function toRegExp(v: unknown, options?: unknown): RegExp {
  if (v instanceof RegExp) {
    return options === undefined ? v : new RegExp(v.source, jsFlags(String(options)));
  }
  if (bsonType(v) === 'BSONRegExp') {
    const r = v as { pattern: string; options: string };
    return new RegExp(r.pattern, jsFlags(options === undefined ? r.options : String(options)));
  }
  if (typeof v === 'string') return new RegExp(v, jsFlags(options === undefined ? '' : String(options)));
  throw badValue('$regex has to be a string');
}

function jsFlags(options: string): string {
  let flags = '';
  for (const c of options) {
    if (c === 'i' || c === 'm' || c === 's') flags += c;
    else if (c === 'u' || c === 'x' || c === 'l') continue;
    else throw badValue(`invalid flag in regex options: ${c}`);
  }
  return flags;
}

function equalsCandidate(candidate: unknown, want: unknown): boolean {
  if (want === null) return candidate === null || candidate === undefined;
  if (candidate === undefined) return false;
  if (typeof want === 'string' || typeof want === 'boolean') return candidate === want;
  if (typeof want === 'number' && typeof candidate === 'number') return candidate === want || (Number.isNaN(want) && Number.isNaN(candidate));
  return typeRank(candidate) === typeRank(want) && compareValues(candidate, want) === 0;
}

function eqMatch(values: unknown[], want: unknown): boolean {
  if (isRegex(want)) {
    const re = toRegExp(want);
    return expand(values).some((v) => (typeof v === 'string' && re.test(v)) || (isRegex(v) && compareValues(v, want) === 0));
  }
  for (const v of values) {
    if (equalsCandidate(v, want)) return true;
    if (Array.isArray(v)) for (const el of v) if (equalsCandidate(el, want)) return true;
  }
  return false;
}

function rangeMatch(values: unknown[], want: unknown, test: (c: number) => boolean): boolean {
  const rank = typeRank(want);
  return expand(values).some((v) => {
    if (rank === 1 || rank === 13) return test(compareValues(v, want));
    if (v === undefined) return want === null && test(0);
    return typeRank(v) === rank && !Array.isArray(v) === !Array.isArray(want) && test(compareValues(v, want));
  });
}

function isOperatorObject(v: unknown): v is Doc {
  if (!isPlainObject(v)) return false;
  const keys = Object.keys(v);
  return keys.length > 0 && keys[0].startsWith('$');
}

function matchOperators(values: unknown[], ops: Doc, path: string): boolean {
  for (const op of Object.keys(ops)) {
    const arg = ops[op];
    if (!matchOperator(values, op, arg, ops, path)) return false;
  }
  return true;
}

function matchOperator(values: unknown[], op: string, arg: unknown, ops: Doc, path: string): boolean {
  switch (op) {
    case '$eq':
      return eqMatch(values, arg);
    case '$ne':
      return !eqMatch(values, arg);
    case '$gt':
      return rangeMatch(values, arg, (c) => c > 0);
    case '$gte':
      return rangeMatch(values, arg, (c) => c >= 0);
    case '$lt':
      return rangeMatch(values, arg, (c) => c < 0);
    case '$lte':
      return rangeMatch(values, arg, (c) => c <= 0);
    case '$in':
      if (!Array.isArray(arg)) throw badValue('$in needs an array');
      return arg.some((w) => eqMatch(values, w));
    case '$nin':
      if (!Array.isArray(arg)) throw badValue('$nin needs an array');
      return !arg.some((w) => eqMatch(values, w));
    case '$exists':
      return values.some((v) => v !== undefined) === Boolean(arg);
    case '$type': {
      const specs = Array.isArray(arg) ? arg : [arg];
      for (const s of specs) if (!isKnownTypeAlias(s)) throw badValue(`Unknown type name alias: ${String(s)}`);
      return specs.some((s) =>
        values.some((v) => v !== undefined && (hasType(v, s) || (Array.isArray(v) && v.some((e) => hasType(e, s))))),
      );
    }
    case '$regex': {
      const re = toRegExp(arg, ops.$options);
      return expand(values).some((v) => typeof v === 'string' && re.test(v));
    }
    case '$options':
      if (!('$regex' in ops)) throw badValue('$options needs a $regex');
      return true;
    case '$size':
      if (!isNumeric(arg)) throw badValue('$size needs a number');
      return values.some((v) => Array.isArray(v) && v.length === toNumber(arg));
    case '$all': {
      if (!Array.isArray(arg)) throw badValue('$all needs an array');
      if (arg.length === 0) return false;
      return arg.every((w) =>
        isPlainObject(w) && '$elemMatch' in w ? matchOperator(values, '$elemMatch', w.$elemMatch, w, path) : eqMatch(values, w),
      );
    }
    case '$elemMatch': {
      if (!isPlainObject(arg)) throw badValue('$elemMatch needs an Object');
      const valueForm = isOperatorObject(arg) && !['$and', '$or', '$nor', '$expr'].includes(Object.keys(arg)[0]);
      return values.some(
        (v) => Array.isArray(v) && v.some((el) => (valueForm ? matchOperators([el], arg, path) : isPlainObject(el) && matches(el, arg))),
      );
    }
    case '$not': {
      if (isRegex(arg)) return !eqMatch(values, arg);
      if (!isOperatorObject(arg)) throw badValue('$not needs a regex or a document');
      return !matchOperators(values, arg, path);
    }
    case '$mod': {
      if (!Array.isArray(arg) || arg.length !== 2) throw badValue('malformed mod, needs to be an array of [divisor, remainder]');
      const d = Math.trunc(toNumber(arg[0]));
      const r = Math.trunc(toNumber(arg[1]));
      if (d === 0) throw badValue('divisor cannot be 0');
      return expand(values).some((v) => isNumeric(v) && Math.trunc(toNumber(v)) % d === r);
    }
    case '$comment':
      return true;
    default:
      throw badValue(`unknown operator: ${op}`);
  }
}

/** One compiled mingo query per filter object, so `$expr` is not recompiled for every document. */
const exprQueries = new WeakMap<Filter, Query>();
function exprQuery(filter: Filter): Query {
  let q = exprQueries.get(filter);
  if (!q) exprQueries.set(filter, (q = new Query({ $expr: filter.$expr })));
  return q;
}

/** Evaluates a MongoDB filter against one document. Throws BadValue for malformed filters. */
export function matches(doc: Doc, filter: Filter): boolean {
  for (const key of Object.keys(filter)) {
    const cond = filter[key];
    switch (key) {
      case '$and':
        if (!Array.isArray(cond) || cond.length === 0) throw badValue('$and/$or/$nor must be a nonempty array');
        if (!cond.every((f) => matches(doc, f as Filter))) return false;
        continue;
      case '$or':
        if (!Array.isArray(cond) || cond.length === 0) throw badValue('$and/$or/$nor must be a nonempty array');
        if (!cond.some((f) => matches(doc, f as Filter))) return false;
        continue;
      case '$nor':
        if (!Array.isArray(cond) || cond.length === 0) throw badValue('$and/$or/$nor must be a nonempty array');
        if (cond.some((f) => matches(doc, f as Filter))) return false;
        continue;
      case '$expr':
        if (!exprQuery(filter).test(doc)) return false;
        continue;
      case '$comment':
        continue;
      case '$where':
      case '$text':
      case '$jsonSchema':
        throw badValue(`${key} is not supported by the embedded engine`);
    }
    if (key.startsWith('$')) throw badValue(`unknown top level operator: ${key}`);
    const values = valuesAtPath(doc, key);
    if (isOperatorObject(cond)) {
      for (const k of Object.keys(cond)) {
        if (!k.startsWith('$')) throw badValue(`unknown operator: ${k}`);
      }
      if (!matchOperators(values, cond, key)) return false;
    } else if (!eqMatch(values, cond)) {
      return false;
    }
  }
  return true;
}

/** Validates a filter once, before any document is looked at, so bad filters fail even on empty collections. */
export function validateFilter(filter: unknown): asserts filter is Filter {
  if (!isPlainObject(filter)) throw badValue('filter must be an object');
  matches({}, filter);
}
