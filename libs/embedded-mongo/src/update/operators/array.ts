import { badValue, failedToParse, typeMismatch } from '../../errors';
import { cloneValue, compareValues, Doc, isNumeric, isPlainObject, keyString, toNumber } from '../../bson-values';
import { compileFilter, FilterNode } from '../../filter';
import { getPath, idText, setPath, typeName } from '../paths';
import { operator, OperatorTable } from './types';

/** $push $addToSet $pop $pull $pullAll */

interface PushArg {
  items: unknown[];
  position?: number;
  slice?: number;
  sort?: unknown;
}

const PUSH_CLAUSES = new Set(['$each', '$slice', '$sort', '$position']);

function integer(v: unknown): boolean {
  return isNumeric(v) && Number.isInteger(toNumber(v));
}

function parsePush(arg: unknown): PushArg {
  if (!isPlainObject(arg) || !('$each' in arg)) return { items: [arg] };
  for (const k of Object.keys(arg)) if (!PUSH_CLAUSES.has(k)) throw badValue(`Unrecognized clause in $push: ${k}`);
  const each = arg.$each;
  if (!Array.isArray(each))
    throw badValue(`The argument to $each in $push must be an array but it was of type: ${typeName(each)}`);
  const out: PushArg = { items: each };
  if (arg.$slice !== undefined) {
    if (!integer(arg.$slice)) {
      throw badValue(`The value for $slice must be an integer value but was given type: ${typeName(arg.$slice)}`);
    }
    out.slice = toNumber(arg.$slice);
  }
  if (arg.$position !== undefined) {
    if (!integer(arg.$position)) {
      throw badValue(`The value for $position must be an integer value, not of type: ${typeName(arg.$position)}`);
    }
    out.position = toNumber(arg.$position);
  }
  if (arg.$sort !== undefined) {
    const s = arg.$sort;
    const dir = (v: unknown) => isNumeric(v) && Math.abs(toNumber(v)) === 1;
    const valid = isPlainObject(s) ? Object.keys(s).length > 0 && Object.values(s).every(dir) : dir(s);
    if (!valid) {
      throw badValue(
        'The $sort is invalid: use 1/-1 to sort the whole element, or {field:1/-1} to sort embedded fields',
      );
    }
    out.sort = s;
  }
  return out;
}

/** The array at `path` (a fresh one when missing); BadValue when something else is there. */
function arrayAt(doc: Doc, path: string, original: Doc): unknown[] {
  const current = getPath(doc, path);
  if (current === undefined) return [];
  if (!Array.isArray(current)) {
    throw badValue(
      `The field '${path}' must be an array but is of type ${typeName(current)} in document {_id: ${idText(original)}}`,
    );
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

/** In-place filter of the array at `path`; missing is a no-op, a non-array BadValue. */
function pullWhere(doc: Doc, path: string, op: string, drop: (el: unknown) => boolean): void {
  const current = getPath(doc, path);
  if (current === undefined) return;
  if (!Array.isArray(current)) throw badValue(`Cannot apply ${op} to a non-array value`);
  const kept = current.filter((el) => !drop(el));
  current.splice(0, current.length, ...kept);
}

const DOCUMENT_FORM = new Set(['$and', '$or', '$nor', '$expr']);

export const arrayOperators: OperatorTable = {
  $push: operator<PushArg>({
    parse: (arg) => parsePush(arg),
    apply: (doc, path, arg, ctx) => {
      const arr = arrayAt(doc, path, ctx.original);
      const pos = arg.position === undefined ? arr.length : arg.position;
      const at = pos < 0 ? Math.max(0, arr.length + pos) : Math.min(pos, arr.length);
      arr.splice(at, 0, ...arg.items.map(cloneValue));
      if (arg.sort !== undefined) sortArray(arr, arg.sort);
      if (arg.slice !== undefined) {
        const n = arg.slice;
        const kept = n >= 0 ? arr.slice(0, n) : arr.slice(Math.max(0, arr.length + n));
        arr.splice(0, arr.length, ...kept);
      }
      setPath(doc, path, arr);
    },
  }),
  $addToSet: operator<unknown[]>({
    parse: (arg) => {
      if (!isPlainObject(arg) || !('$each' in arg)) return [arg];
      if (!Array.isArray(arg.$each)) {
        throw typeMismatch(
          `The argument to $each in $addToSet must be an array but it was of type ${typeName(arg.$each)}`,
        );
      }
      return arg.$each;
    },
    apply: (doc, path, items, ctx) => {
      const arr = arrayAt(doc, path, ctx.original);
      const seen = new Set(arr.map(keyString));
      for (const it of items) {
        const k = keyString(it);
        if (seen.has(k)) continue;
        seen.add(k);
        arr.push(cloneValue(it));
      }
      setPath(doc, path, arr);
    },
  }),
  $pop: operator<number>({
    parse: (arg, path) => {
      if (!isNumeric(arg)) throw failedToParse(`Expected a number in: ${path}: ${JSON.stringify(arg)}`);
      const n = toNumber(arg);
      if (n !== 1 && n !== -1) throw failedToParse(`$pop expects 1 or -1, found: ${n}`);
      return n;
    },
    apply: (doc, path, end) => {
      const current = getPath(doc, path);
      if (current === undefined) return;
      if (!Array.isArray(current))
        throw typeMismatch(`Path '${path}' contains an element of non-array type '${typeName(current)}'`);
      if (end === -1) current.shift();
      else current.pop();
    },
  }),
  $pull: operator<(el: unknown) => boolean>({
    parse: (arg) => {
      if (!isPlainObject(arg) || Object.keys(arg).length === 0) return (el) => compareValues(el, arg) === 0;
      const first = Object.keys(arg)[0];
      // `{$gte: 5}` tests elements as values; `{a: 1}` and `{$or: [...]}` test them as documents.
      if (first.startsWith('$') && !DOCUMENT_FORM.has(first)) {
        const node: FilterNode = compileFilter({ v: arg });
        return (el) => node.test({ v: el });
      }
      const node = compileFilter(arg);
      return (el) => isPlainObject(el) && node.test(el);
    },
    apply: (doc, path, drop) => pullWhere(doc, path, '$pull', drop),
  }),
  $pullAll: operator<Set<string>>({
    parse: (arg) => {
      if (!Array.isArray(arg)) throw badValue(`$pullAll requires an array argument but was given a ${typeName(arg)}`);
      return new Set(arg.map(keyString));
    },
    apply: (doc, path, drop) => pullWhere(doc, path, '$pullAll', (el) => drop.has(keyString(el))),
  }),
};
