import { Decimal128, Long, Timestamp } from 'bson';
import { Aggregator } from 'mingo';
import {
  badValue, conflictingUpdateOperators, immutableField, MongoError, pathNotViable, typeMismatch,
} from './errors';
import { bsonType, cloneValue, compareValues, Doc, isNumeric, isPlainObject, keyString, toNumber, typeNumberOf } from './bson-values';
import { Filter, matches, valuesAtPath } from './matcher';

/**
 * MongoDB update semantics, applied to a private copy of a document. Written here rather than taken
 * from mingo because mingo lacks `$setOnInsert` and turns MongoDB's errors ($inc on a string, $push
 * onto a non-array) into silent no-ops.
 */

export type UpdateSpec = Doc | Doc[];

export interface UpdateContext {
  /** The query that selected the document: resolves the positional `$`. */
  query: Filter;
  arrayFilters?: Doc[];
  /** True when the update creates the document (upsert): enables `$setOnInsert`. */
  inserting: boolean;
}

const TYPE_NAMES: Record<number, string> = {
  1: 'double', 2: 'string', 3: 'object', 4: 'array', 5: 'binData', 6: 'undefined', 7: 'objectId', 8: 'bool',
  9: 'date', 10: 'null', 11: 'regex', 16: 'int', 17: 'timestamp', 18: 'long', 19: 'decimal',
};
const typeName = (v: unknown) => TYPE_NAMES[typeNumberOf(v)] ?? 'object';

export function isOperatorUpdate(update: Doc): boolean {
  const keys = Object.keys(update);
  return keys.length > 0 && keys[0].startsWith('$');
}

/** Validates an update document's shape without applying it. */
export function validateUpdate(update: unknown): void {
  if (Array.isArray(update)) return;
  if (!isPlainObject(update)) throw failed('Update document must be an object');
  const keys = Object.keys(update);
  const ops = keys.filter((k) => k.startsWith('$'));
  if (ops.length && ops.length !== keys.length) throw failed('Update document cannot mix operators and fields');
  if (!ops.length) {
    for (const k of keys) {
      if (k.includes('.')) throw badValue(`The dotted field '${k}' in a replacement document is not allowed`);
    }
    return;
  }
  for (const op of ops) {
    if (!OPERATORS.has(op)) throw failed(`Unknown modifier: ${op}. Expected a valid update modifier or pipeline-style update specified as an array`);
    if (!isPlainObject(update[op])) throw failed(`Modifiers operate on fields but we found type ${typeName(update[op])} instead.`);
  }
}

const failed = (msg: string) => new MongoError(9, 'FailedToParse', msg);

const OPERATORS = new Set([
  '$set', '$unset', '$inc', '$mul', '$min', '$max', '$rename', '$setOnInsert', '$currentDate',
  '$push', '$addToSet', '$pop', '$pull', '$pullAll',
]);

/** Returns the updated copy of `doc`; `doc` itself is never touched. */
export function applyUpdate(doc: Doc, update: UpdateSpec, ctx: UpdateContext): Doc {
  if (Array.isArray(update)) return applyPipeline(doc, update);
  if (!isOperatorUpdate(update)) return applyReplacement(doc, update);
  const out = cloneValue(doc);
  const touched: string[] = [];
  for (const op of Object.keys(update)) {
    const fields = update[op] as Doc;
    for (const rawPath of Object.keys(fields)) {
      if (op === '$setOnInsert' && !ctx.inserting) continue;
      const arg = fields[rawPath];
      const paths = op === '$rename' ? [rawPath] : expandPositional(out, rawPath, ctx);
      for (const path of paths) {
        claim(touched, path);
        if (op === '$rename') claim(touched, String(arg));
        if (path === '_id' || path.startsWith('_id.')) {
          if (ctx.inserting && (op === '$set' || op === '$setOnInsert')) {
            setPath(out, path, cloneValue(arg));
            continue;
          }
          if (!(op === '$set' && compareValues(getPath(doc, path), arg) === 0)) {
            throw immutableField("Performing an update on the path '_id' would modify the immutable field '_id'");
          }
        }
        applyOperator(out, op, path, arg);
      }
    }
  }
  return out;
}

function claim(touched: string[], path: string): void {
  for (const t of touched) {
    if (t === path || t.startsWith(path + '.') || path.startsWith(t + '.')) {
      throw conflictingUpdateOperators(`Updating the path '${path}' would create a conflict at '${t}'`);
    }
  }
  touched.push(path);
}

function applyReplacement(doc: Doc, replacement: Doc): Doc {
  const out: Doc = {};
  if ('_id' in replacement && doc._id !== undefined && compareValues(replacement._id, doc._id) !== 0) {
    throw immutableField("After applying the update, the (immutable) field '_id' was found to have been altered");
  }
  if (doc._id !== undefined) out._id = doc._id;
  for (const k of Object.keys(replacement)) if (k !== '_id' || doc._id === undefined) out[k] = cloneValue(replacement[k]);
  return out;
}

function applyPipeline(doc: Doc, stages: Doc[]): Doc {
  const allowed = new Set(['$addFields', '$set', '$project', '$unset', '$replaceWith', '$replaceRoot']);
  for (const s of stages) {
    const name = Object.keys(s)[0];
    if (!allowed.has(name)) throw badValue(`${name} is not allowed to be used within an update`);
  }
  const [out] = new Aggregator(stages, { processingMode: 1 /* CLONE_INPUT */ }).run([cloneValue(doc)]) as Doc[];
  if (doc._id !== undefined && compareValues(out._id, doc._id) !== 0) {
    throw immutableField("After applying the update, the (immutable) field '_id' was found to have been altered");
  }
  return out;
}

/** Resolves `$`, `$[]` and `$[ident]` into concrete paths. */
function expandPositional(doc: Doc, path: string, ctx: UpdateContext): string[] {
  const parts = path.split('.');
  const idx = parts.findIndex((p) => p === '$' || p.startsWith('$['));
  if (idx < 0) return [path];
  const prefix = parts.slice(0, idx).join('.');
  const rest = parts.slice(idx + 1).join('.');
  const arr = getPath(doc, prefix);
  const token = parts[idx];
  if (!Array.isArray(arr)) {
    if (ctx.inserting && token !== '$') return [];
    throw badValue(`The path '${prefix}' must exist in the document in order to apply array updates.`);
  }
  let indices: number[];
  if (token === '$') {
    const i = positionalIndex(arr, prefix, ctx.query);
    if (i < 0) throw badValue('The positional operator did not find the match needed from the query.');
    indices = [i];
  } else if (token === '$[]') {
    indices = arr.map((_, i) => i);
  } else {
    const ident = token.slice(2, -1);
    const filters = (ctx.arrayFilters ?? []).filter((f) => Object.keys(f).some((k) => k === ident || k.startsWith(ident + '.')));
    if (!filters.length) throw badValue(`No array filter found for identifier '${ident}' in path '${path}'`);
    indices = arr.map((_, i) => i).filter((i) => filters.every((f) => matches({ [ident]: arr[i] }, f)));
  }
  const out: string[] = [];
  for (const i of indices) {
    const concrete = [prefix, String(i), rest].filter(Boolean).join('.');
    out.push(...expandPositional(doc, concrete, ctx));
  }
  return out;
}

function positionalIndex(arr: unknown[], prefix: string, query: Filter): number {
  const conds: [string, unknown][] = [];
  const gather = (q: Filter) => {
    for (const k of Object.keys(q)) {
      if (k === '$and' && Array.isArray(q[k])) (q[k] as Filter[]).forEach(gather);
      else if (k === prefix || k.startsWith(prefix + '.')) conds.push([k.slice(prefix.length + 1), q[k]]);
    }
  };
  gather(query);
  if (!conds.length) return -1;
  return arr.findIndex((el) =>
    conds.every(([sub, cond]) => (sub ? matches({ el }, { ['el.' + sub]: cond }) : matches({ el: [el] }, { el: cond }))),
  );
}

export function getPath(doc: unknown, path: string): unknown {
  let cur: unknown = doc;
  for (const p of path.split('.')) {
    if (Array.isArray(cur)) cur = /^\d+$/.test(p) ? cur[Number(p)] : undefined;
    else if (isPlainObject(cur)) cur = cur[p];
    else return undefined;
  }
  return cur;
}

/** Walks to the parent of the last path part, creating objects on the way when `create` is set. */
function parentOf(doc: Doc, path: string, create: boolean): { parent: Doc | unknown[]; key: string } | undefined {
  const parts = path.split('.');
  let cur: unknown = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    const p = parts[i];
    let next: unknown;
    if (Array.isArray(cur)) {
      if (!/^\d+$/.test(p)) throw pathNotViable(`Cannot create field '${p}' in element {${parts.slice(0, i).join('.')}: [...]}`);
      next = cur[Number(p)];
      if (next === undefined || next === null) {
        if (!create) return undefined;
        while (cur.length < Number(p)) cur.push(null);
        next = {};
        cur[Number(p)] = next;
      }
    } else if (isPlainObject(cur)) {
      next = cur[p];
      if (next === undefined) {
        if (!create) return undefined;
        next = {};
        cur[p] = next;
      }
    } else {
      return undefined;
    }
    if (!isPlainObject(next) && !Array.isArray(next)) {
      if (!create) return undefined;
      throw pathNotViable(`Cannot create field '${parts[i + 1]}' in element {${p}: ${JSON.stringify(next)}}`);
    }
    cur = next;
  }
  return { parent: cur as Doc | unknown[], key: parts[parts.length - 1] };
}

function setPath(doc: Doc, path: string, value: unknown): void {
  const loc = parentOf(doc, path, true)!;
  if (Array.isArray(loc.parent)) {
    if (!/^\d+$/.test(loc.key)) throw pathNotViable(`Cannot create field '${loc.key}' in an array`);
    const i = Number(loc.key);
    while (loc.parent.length < i) loc.parent.push(null);
    loc.parent[i] = value;
  } else {
    loc.parent[loc.key] = value;
  }
}

function unsetPath(doc: Doc, path: string): void {
  const loc = parentOf(doc, path, false);
  if (!loc) return;
  if (Array.isArray(loc.parent)) {
    if (/^\d+$/.test(loc.key) && Number(loc.key) < loc.parent.length) loc.parent[Number(loc.key)] = null;
  } else {
    delete loc.parent[loc.key];
  }
}

function idText(doc: Doc): string {
  const id = doc._id;
  return id !== undefined && typeof (id as { toHexString?: unknown }).toHexString === 'function'
    ? `ObjectId('${(id as { toHexString(): string }).toHexString()}')`
    : JSON.stringify(id);
}

function arith(a: unknown, b: unknown, op: 'add' | 'mul'): unknown {
  if (typeof a === 'number' && typeof b === 'number') return op === 'add' ? a + b : a * b;
  const ta = bsonType(a);
  const tb = bsonType(b);
  if (ta === 'Decimal128' || tb === 'Decimal128') {
    const r = op === 'add' ? toNumber(a) + toNumber(b) : toNumber(a) * toNumber(b);
    return Decimal128.fromString(String(r));
  }
  const la = ta === 'Long' || tb === 'Long';
  if (la && Number.isInteger(toNumber(a)) && Number.isInteger(toNumber(b))) {
    const x = ta === 'Long' ? (a as Long) : Long.fromNumber(toNumber(a));
    const y = tb === 'Long' ? (b as Long) : Long.fromNumber(toNumber(b));
    return op === 'add' ? x.add(y) : x.multiply(y);
  }
  return op === 'add' ? toNumber(a) + toNumber(b) : toNumber(a) * toNumber(b);
}

function applyOperator(doc: Doc, op: string, path: string, arg: unknown): void {
  const current = getPath(doc, path);
  switch (op) {
    case '$set':
    case '$setOnInsert':
      setPath(doc, path, cloneValue(arg));
      return;
    case '$unset':
      unsetPath(doc, path);
      return;
    case '$inc':
    case '$mul': {
      if (!isNumeric(arg)) throw typeMismatch(`Cannot ${op === '$inc' ? 'increment' : 'multiply'} with non-numeric argument: {${path}: ${JSON.stringify(arg)}}`);
      if (current !== undefined && !isNumeric(current)) {
        throw typeMismatch(
          `Cannot apply ${op} to a value of non-numeric type. {_id: ${idText(doc)}} has the field '${path.split('.').pop()}' of non-numeric type ${typeName(current)}`,
        );
      }
      const base = current === undefined ? 0 : current;
      setPath(doc, path, op === '$inc' ? arith(base, arg, 'add') : arith(base, arg, 'mul'));
      return;
    }
    case '$min':
    case '$max': {
      const c = current === undefined ? null : compareValues(arg, current);
      if (c === null || (op === '$min' ? c < 0 : c > 0)) setPath(doc, path, cloneValue(arg));
      return;
    }
    case '$currentDate': {
      const wantTimestamp = isPlainObject(arg) && arg.$type === 'timestamp';
      setPath(doc, path, wantTimestamp ? new Timestamp({ t: Math.floor(Date.now() / 1000), i: 1 }) : new Date());
      return;
    }
    case '$rename': {
      if (typeof arg !== 'string') throw badValue(`The 'to' field for $rename must be a string: ${path}: ${String(arg)}`);
      if (current === undefined) return;
      unsetPath(doc, path);
      setPath(doc, arg, current);
      return;
    }
    case '$push':
    case '$addToSet': {
      const arr = arrayAt(doc, path, current);
      const each = isPlainObject(arg) && '$each' in arg;
      const items = each ? (arg as Doc).$each : [arg];
      if (!Array.isArray(items)) throw badValue(`The argument to $each in ${op} must be an array but it was of type: ${typeName(items)}`);
      if (op === '$addToSet') {
        const seen = new Set(arr.map(keyString));
        for (const it of items) {
          const k = keyString(it);
          if (!seen.has(k)) {
            seen.add(k);
            arr.push(cloneValue(it));
          }
        }
      } else {
        const mods = each ? (arg as Doc) : {};
        const pos = mods.$position === undefined ? arr.length : toNumber(mods.$position);
        const at = pos < 0 ? Math.max(0, arr.length + pos) : Math.min(pos, arr.length);
        arr.splice(at, 0, ...items.map(cloneValue));
        if (mods.$sort !== undefined) sortArray(arr, mods.$sort);
        if (mods.$slice !== undefined) {
          const n = toNumber(mods.$slice);
          const kept = n >= 0 ? arr.slice(0, n) : arr.slice(Math.max(0, arr.length + n));
          arr.splice(0, arr.length, ...kept);
        }
      }
      setPath(doc, path, arr);
      return;
    }
    case '$pop': {
      if (current === undefined) return;
      if (!Array.isArray(current)) throw typeMismatch(`Path '${path}' contains an element of non-array type '${typeName(current)}'`);
      if (toNumber(arg) === -1) current.shift();
      else current.pop();
      return;
    }
    case '$pull':
    case '$pullAll': {
      if (current === undefined) return;
      if (!Array.isArray(current)) throw badValue(`Cannot apply ${op} to a non-array value`);
      let keep: (el: unknown) => boolean;
      if (op === '$pullAll') {
        if (!Array.isArray(arg)) throw badValue('$pullAll requires an array argument');
        const drop = new Set(arg.map(keyString));
        keep = (el) => !drop.has(keyString(el));
      } else if (isPlainObject(arg) && Object.keys(arg).length > 0) {
        const opForm = Object.keys(arg)[0].startsWith('$');
        keep = (el) => !(opForm ? matches({ v: el }, { v: arg }) : isPlainObject(el) && matches(el, arg));
      } else {
        keep = (el) => compareValues(el, arg) !== 0;
      }
      const kept = current.filter(keep);
      current.splice(0, current.length, ...kept);
      return;
    }
  }
  throw badValue(`Unknown modifier: ${op}`);
}

function arrayAt(doc: Doc, path: string, current: unknown): unknown[] {
  if (current === undefined) return [];
  if (!Array.isArray(current)) {
    throw badValue(`The field '${path}' must be an array but is of type ${typeName(current)} in document {_id: ${idText(doc)}}`);
  }
  return current;
}

function sortArray(arr: unknown[], spec: unknown): void {
  if (isPlainObject(spec)) {
    const keys = Object.keys(spec);
    arr.sort((a, b) => {
      for (const k of keys) {
        const c = compareValues(getPath(a, k), getPath(b, k)) * (toNumber(spec[k]) < 0 ? -1 : 1);
        if (c) return c;
      }
      return 0;
    });
  } else {
    const dir = toNumber(spec) < 0 ? -1 : 1;
    arr.sort((a, b) => compareValues(a, b) * dir);
  }
}

/** For upserts: the equality fields of the query that seed the new document. */
export function seedFromQuery(query: Filter): Doc {
  const out: Doc = {};
  const take = (q: Filter) => {
    for (const k of Object.keys(q)) {
      const v = q[k];
      if (k === '$and' && Array.isArray(v)) {
        (v as Filter[]).forEach(take);
        continue;
      }
      if (k.startsWith('$')) continue;
      if (isPlainObject(v) && Object.keys(v).length && Object.keys(v)[0].startsWith('$')) {
        if ('$eq' in v) setPath(out, k, cloneValue(v.$eq));
        continue;
      }
      setPath(out, k, cloneValue(v));
    }
  };
  take(query);
  return out;
}

export { valuesAtPath };
