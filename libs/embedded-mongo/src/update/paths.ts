import { Doc, isPlainObject, typeNumberOf } from '../bson-values';
import { pathNotViable } from '../errors';

/**
 * Reading and writing dotted paths in a private copy of a document. Only own properties count, so
 * field names like `constructor` or `__proto__` are plain fields, never the prototype's.
 */

const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);
const isIndex = (p: string) => /^\d+$/.test(p);

export function getPath(doc: unknown, path: string): unknown {
  let cur: unknown = doc;
  for (const p of path.split('.')) {
    if (Array.isArray(cur)) cur = isIndex(p) ? cur[Number(p)] : undefined;
    else if (isPlainObject(cur)) cur = hasOwn(cur, p) ? cur[p] : undefined;
    else return undefined;
  }
  return cur;
}

/** Sets an own field, `__proto__` included (plain assignment would replace the prototype). */
export function setField(obj: Doc, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  else obj[key] = value;
}

/** Walks to the parent of the last path part, creating objects on the way when `create` is set. */
function parentOf(doc: Doc, path: string, create: boolean): { parent: Doc | unknown[]; key: string } | undefined {
  const parts = path.split('.');
  let cur: unknown = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    const p = parts[i];
    let next: unknown;
    if (Array.isArray(cur)) {
      if (!isIndex(p))
        throw pathNotViable(`Cannot create field '${p}' in element {${parts.slice(0, i).join('.')}: [...]}`);
      next = cur[Number(p)];
      if (next === undefined || next === null) {
        if (!create) return undefined;
        while (cur.length < Number(p)) cur.push(null);
        next = {};
        cur[Number(p)] = next;
      }
    } else if (isPlainObject(cur)) {
      next = hasOwn(cur, p) ? cur[p] : undefined;
      if (next === undefined) {
        if (!create) return undefined;
        next = {};
        setField(cur, p, next);
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

export function setPath(doc: Doc, path: string, value: unknown): void {
  const loc = parentOf(doc, path, true)!;
  if (Array.isArray(loc.parent)) {
    if (!isIndex(loc.key)) throw pathNotViable(`Cannot create field '${loc.key}' in an array`);
    const i = Number(loc.key);
    while (loc.parent.length < i) loc.parent.push(null);
    loc.parent[i] = value;
  } else {
    setField(loc.parent, loc.key, value);
  }
}

export function unsetPath(doc: Doc, path: string): void {
  const loc = parentOf(doc, path, false);
  if (!loc) return;
  if (Array.isArray(loc.parent)) {
    if (isIndex(loc.key) && Number(loc.key) < loc.parent.length) loc.parent[Number(loc.key)] = null;
  } else {
    delete loc.parent[loc.key];
  }
}

const TYPE_NAMES: Record<number, string> = {
  1: 'double',
  2: 'string',
  3: 'object',
  4: 'array',
  5: 'binData',
  6: 'undefined',
  7: 'objectId',
  8: 'bool',
  9: 'date',
  10: 'null',
  11: 'regex',
  16: 'int',
  17: 'timestamp',
  18: 'long',
  19: 'decimal',
};

/** mongod's name for a value's BSON type, as its error messages spell it. */
export const typeName = (v: unknown): string => TYPE_NAMES[typeNumberOf(v)] ?? 'object';

/** `{_id: …}` as mongod prints it in error messages. */
export function idText(doc: Doc): string {
  const id = doc._id;
  return id !== undefined && typeof (id as { toHexString?: unknown }).toHexString === 'function'
    ? `ObjectId('${(id as { toHexString(): string }).toHexString()}')`
    : JSON.stringify(id);
}

/** `{path: value}` in error messages. */
export const fieldText = (path: string, arg: unknown) => `{${path}: ${JSON.stringify(arg)}}`;
