import { Long } from 'bson';
import { activeCollation } from './collation';

/**
 * BSON value semantics the engine owns itself rather than take from mingo: MongoDB's cross-type
 * sort order, numeric equality across int32/int64/double/Decimal128, `$type` names, canonical hash
 * keys for indexes, and copies that never alias stored documents.
 */

export type Doc = Record<string, unknown>;

interface BsonTagged {
  _bsontype: string;
}

export function bsonType(v: unknown): string | undefined {
  return v !== null && typeof v === 'object' && typeof (v as BsonTagged)._bsontype === 'string'
    ? (v as BsonTagged)._bsontype
    : undefined;
}

export function isPlainObject(v: unknown): v is Doc {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || v instanceof Date || v instanceof RegExp) return false;
  if (bsonType(v) !== undefined) return false;
  if (v instanceof Uint8Array) return false;
  return true;
}

export function isNumeric(v: unknown): boolean {
  if (typeof v === 'number' || typeof v === 'bigint') return true;
  const t = bsonType(v);
  return t === 'Long' || t === 'Int32' || t === 'Double' || t === 'Decimal128';
}

/** Numeric value as a JS number (precision beyond 2^53 is lost, as documented in the README). */
export function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  switch (bsonType(v)) {
    case 'Long':
      return (v as Long).toNumber();
    case 'Int32':
    case 'Double':
      return (v as { value: number }).value;
    case 'Decimal128':
      return parseFloat((v as { toString(): string }).toString());
  }
  return NaN;
}

/** MongoDB's canonical type rank: MinKey < null < numbers < strings < objects < arrays < binData < ObjectId < bool < date < timestamp < regex < MaxKey. */
export function typeRank(v: unknown): number {
  if (v === undefined || v === null) return 2;
  if (typeof v === 'number' || typeof v === 'bigint') return 3;
  if (typeof v === 'string') return 4;
  if (typeof v === 'boolean') return 9;
  if (v instanceof Date) return 10;
  if (v instanceof RegExp) return 12;
  if (Array.isArray(v)) return 6;
  if (v instanceof Uint8Array) return 7;
  switch (bsonType(v)) {
    case 'MinKey':
      return 1;
    case 'Long':
    case 'Int32':
    case 'Double':
    case 'Decimal128':
      return 3;
    case 'BSONSymbol':
      return 4;
    case 'Binary':
      return 7;
    case 'ObjectId':
      return 8;
    case 'Timestamp':
      return 11;
    case 'BSONRegExp':
      return 12;
    case 'MaxKey':
      return 13;
    case 'Code':
      return 14;
  }
  return 5;
}

function cmpPrimitive<T extends string | number | bigint>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareNumbers(a: unknown, b: unknown): number {
  if (bsonType(a) === 'Long' && bsonType(b) === 'Long') return (a as Long).compare(b as Long);
  const x = toNumber(a);
  const y = toNumber(b);
  // MongoDB orders NaN below every other number.
  if (Number.isNaN(x)) return Number.isNaN(y) ? 0 : -1;
  if (Number.isNaN(y)) return 1;
  return cmpPrimitive(x, y);
}

function bytesOf(v: unknown): Uint8Array {
  if (v instanceof Uint8Array) return v;
  const bin = v as { buffer: Uint8Array; position?: number; sub_type?: number };
  return bin.buffer.subarray(0, bin.position ?? bin.buffer.length);
}

/** Total order over BSON values, as MongoDB sorts and compares them. */
export function compareValues(a: unknown, b: unknown): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case 1:
    case 2:
    case 13:
      return 0;
    case 3:
      return compareNumbers(a, b);
    case 4: {
      const c = activeCollation();
      return c ? c.collator.compare(String(a), String(b)) : cmpPrimitive(String(a), String(b));
    }
    case 5:
      return compareObjects(a as Doc, b as Doc);
    case 6:
      return compareArrays(a as unknown[], b as unknown[]);
    case 7: {
      const x = bytesOf(a);
      const y = bytesOf(b);
      if (x.length !== y.length) return x.length < y.length ? -1 : 1;
      const sx = (a as { sub_type?: number }).sub_type ?? 0;
      const sy = (b as { sub_type?: number }).sub_type ?? 0;
      if (sx !== sy) return sx < sy ? -1 : 1;
      return Buffer.compare(Buffer.from(x), Buffer.from(y));
    }
    case 8:
      return compareObjectIds(a as { id: Uint8Array }, b as { id: Uint8Array });
    case 9:
      return cmpPrimitive(Number(a), Number(b));
    case 10:
      return cmpPrimitive((a as Date).getTime(), (b as Date).getTime());
    case 11: {
      const x = a as { t: number; i: number };
      const y = b as { t: number; i: number };
      return x.t !== y.t ? cmpPrimitive(x.t, y.t) : cmpPrimitive(x.i, y.i);
    }
    case 12: {
      const [px, fx] = regexParts(a);
      const [py, fy] = regexParts(b);
      return px !== py ? cmpPrimitive(px, py) : cmpPrimitive(fx, fy);
    }
  }
  return cmpPrimitive(String(a), String(b));
}

/** Byte order of the 12 bytes, which is MongoDB's ObjectId order; avoids building hex strings on hot paths. */
function compareObjectIds(a: { id: Uint8Array }, b: { id: Uint8Array }): number {
  const x = a.id;
  const y = b.id;
  for (let i = 0; i < 12; i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
  return 0;
}

function regexParts(v: unknown): [string, string] {
  if (v instanceof RegExp) return [v.source, v.flags];
  const r = v as { pattern: string; options: string };
  return [r.pattern, r.options];
}

function compareArrays(a: unknown[], b: unknown[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareValues(a[i], b[i]);
    if (c !== 0) return c;
  }
  return cmpPrimitive(a.length, b.length);
}

function compareObjects(a: Doc, b: Doc): number {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  const n = Math.min(ka.length, kb.length);
  for (let i = 0; i < n; i++) {
    const ta = typeRank(a[ka[i]]);
    const tb = typeRank(b[kb[i]]);
    if (ta !== tb) return ta < tb ? -1 : 1;
    if (ka[i] !== kb[i]) return cmpPrimitive(ka[i], kb[i]);
    const c = compareValues(a[ka[i]], b[kb[i]]);
    if (c !== 0) return c;
  }
  return cmpPrimitive(ka.length, kb.length);
}

export function valuesEqual(a: unknown, b: unknown): boolean {
  return compareValues(a, b) === 0;
}

/**
 * A string equal for exactly the values MongoDB treats as equal (1, 1.0 and Long(1) alike), used
 * as the hash key of index entries and of `$group`-style sets.
 */
export function keyString(v: unknown): string {
  const r = typeRank(v);
  switch (r) {
    case 1:
      return 'm';
    case 2:
      return 'z';
    case 3: {
      if (bsonType(v) === 'Long') return 'n' + (v as Long).toString();
      const n = toNumber(v);
      return Number.isInteger(n) ? 'n' + BigInt(n).toString() : 'n' + String(n);
    }
    case 4:
      return 's' + JSON.stringify(String(v));
    case 5:
      return (
        '{' +
        Object.keys(v as Doc)
          .map((k) => JSON.stringify(k) + ':' + keyString((v as Doc)[k]))
          .join(',') +
        '}'
      );
    case 6:
      return '[' + (v as unknown[]).map(keyString).join(',') + ']';
    case 7:
      return 'x' + ((v as { sub_type?: number }).sub_type ?? 0) + ':' + Buffer.from(bytesOf(v)).toString('hex');
    case 8:
      return 'o' + (v as { toHexString(): string }).toHexString();
    case 9:
      return v ? 'T' : 'F';
    case 10:
      return 'd' + (v as Date).getTime();
    case 11:
      return 't' + (v as { t: number }).t + ':' + (v as { i: number }).i;
    case 12: {
      const [p, f] = regexParts(v);
      return 'r/' + p + '/' + f;
    }
    case 13:
      return 'M';
  }
  return '?' + String(v);
}

/** `$type` names and numbers, as MongoDB defines them. */
const TYPE_NUMBERS: Record<string, number> = {
  double: 1,
  string: 2,
  object: 3,
  array: 4,
  binData: 5,
  undefined: 6,
  objectId: 7,
  bool: 8,
  date: 9,
  null: 10,
  regex: 11,
  dbPointer: 12,
  javascript: 13,
  symbol: 14,
  int: 16,
  timestamp: 17,
  long: 18,
  decimal: 19,
  minKey: -1,
  maxKey: 127,
};

export function typeNumberOf(v: unknown): number {
  if (v === undefined) return 6;
  if (v === null) return 10;
  if (typeof v === 'number') return Number.isInteger(v) && v >= -2147483648 && v <= 2147483647 ? 16 : 1;
  if (typeof v === 'bigint') return 18;
  if (typeof v === 'string') return 2;
  if (typeof v === 'boolean') return 8;
  if (v instanceof Date) return 9;
  if (v instanceof RegExp) return 11;
  if (Array.isArray(v)) return 4;
  if (v instanceof Uint8Array) return 5;
  switch (bsonType(v)) {
    case 'Double':
      return 1;
    case 'Int32':
      return 16;
    case 'Long':
      return 18;
    case 'Decimal128':
      return 19;
    case 'ObjectId':
      return 7;
    case 'Binary':
      return 5;
    case 'Timestamp':
      return 17;
    case 'BSONRegExp':
      return 11;
    case 'MinKey':
      return -1;
    case 'MaxKey':
      return 127;
    case 'Code':
      return 13;
    case 'BSONSymbol':
      return 14;
  }
  return 3;
}

/** True when `v` has the BSON type named or numbered by `spec` (`'number'` covers all numeric types). */
export function hasType(v: unknown, spec: unknown): boolean {
  if (spec === 'number') return isNumeric(v);
  const want = typeof spec === 'string' ? (isKnownTypeAlias(spec) ? TYPE_NUMBERS[spec] : undefined) : toNumber(spec);
  if (want === undefined) return false;
  return typeNumberOf(v) === want;
}

export function isKnownTypeAlias(spec: unknown): boolean {
  if (spec === 'number') return true;
  if (typeof spec === 'string') return Object.prototype.hasOwnProperty.call(TYPE_NUMBERS, spec);
  if (!isNumeric(spec)) return false;
  return Object.values(TYPE_NUMBERS).includes(toNumber(spec));
}

/** Deep copy of plain objects, arrays and dates; immutable BSON values are shared. */
export function cloneValue<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(cloneValue) as unknown as T;
  if (v instanceof Date) return new Date(v.getTime()) as unknown as T;
  if (!isPlainObject(v)) return v;
  const out: Doc = {};
  for (const k of Object.keys(v)) {
    const c = cloneValue((v as Doc)[k]);
    // A stored field named `__proto__` is data: assignment would set the copy's prototype instead.
    if (k === '__proto__') {
      Object.defineProperty(out, k, { value: c, writable: true, enumerable: true, configurable: true });
    } else {
      out[k] = c;
    }
  }
  return out as T;
}

export function asLong(n: number | bigint): Long {
  return typeof n === 'bigint' ? Long.fromBigInt(n) : Long.fromNumber(n);
}
