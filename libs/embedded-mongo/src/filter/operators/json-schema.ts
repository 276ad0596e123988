import { badValue } from '../../errors';
import { compareValues, Doc, hasType, isKnownTypeAlias, isNumeric, isPlainObject, toNumber } from '../../bson-values';
import { FilterNode } from './types';

/**
 * `$jsonSchema` (validators and queries): MongoDB's draft-4 subset — bsonType, type, required,
 * properties, additionalProperties, patternProperties, items, additionalItems, min/maxItems,
 * uniqueItems, enum, minimum/maximum (+ exclusive), multipleOf, min/maxLength, pattern,
 * min/maxProperties, dependencies, allOf, anyOf, oneOf, not, title, description. Compiled once.
 */

type Check = (v: unknown) => boolean;

const JSON_TYPES: Record<string, Check> = {
  object: (v) => isPlainObject(v),
  array: (v) => Array.isArray(v),
  number: (v) => isNumeric(v),
  boolean: (v) => typeof v === 'boolean',
  string: (v) => typeof v === 'string',
  null: (v) => v === null,
};

const KNOWN = new Set([
  'bsonType',
  'type',
  'required',
  'properties',
  'additionalProperties',
  'patternProperties',
  'items',
  'additionalItems',
  'minItems',
  'maxItems',
  'uniqueItems',
  'enum',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'pattern',
  'minProperties',
  'maxProperties',
  'dependencies',
  'allOf',
  'anyOf',
  'oneOf',
  'not',
  'title',
  'description',
]);

const codePoints = (s: string) => [...s].length;

function compile(schema: unknown): Check {
  if (!isPlainObject(schema)) throw badValue('$jsonSchema must be an object');
  const checks: Check[] = [];
  for (const k of Object.keys(schema)) if (!KNOWN.has(k)) throw badValue(`Unknown $jsonSchema keyword: ${k}`);
  const s = schema as Doc;
  const list = <T>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : [v as T]);
  if (s.bsonType !== undefined) {
    const types = list<string>(s.bsonType);
    for (const t of types) if (!isKnownTypeAlias(t)) throw badValue(`Unknown type name alias: ${String(t)}`);
    checks.push((v) => types.some((t) => hasType(v, t)));
  }
  if (s.type !== undefined) {
    const types = list<string>(s.type).map((t) => {
      if (t === 'integer') throw badValue("$jsonSchema type 'integer' is not currently supported.");
      const f = JSON_TYPES[t];
      if (!f) throw badValue(`Unknown type name alias: ${t}`);
      return f;
    });
    checks.push((v) => types.some((f) => f(v)));
  }
  // The remaining keywords constrain only values of their own type, as in JSON Schema.
  const onObject = (f: (o: Doc) => boolean) => checks.push((v) => !isPlainObject(v) || f(v));
  const onArray = (f: (a: unknown[]) => boolean) => checks.push((v) => !Array.isArray(v) || f(v));
  const onNumber = (f: (n: number) => boolean) => checks.push((v) => !isNumeric(v) || f(toNumber(v)));
  const onString = (f: (x: string) => boolean) => checks.push((v) => typeof v !== 'string' || f(v));
  if (s.required !== undefined) {
    if (!Array.isArray(s.required) || !s.required.length)
      throw badValue('$jsonSchema keyword required must be a non-empty array');
    const req = s.required as string[];
    onObject((o) => req.every((k) => Object.prototype.hasOwnProperty.call(o, k)));
  }
  const props: [string, Check][] = isPlainObject(s.properties)
    ? Object.entries(s.properties).map(([k, sub]) => [k, compile(sub)])
    : [];
  if (props.length) {
    onObject((o) => props.every(([k, f]) => !Object.prototype.hasOwnProperty.call(o, k) || f(o[k])));
  }
  const patterns: [RegExp, Check][] = isPlainObject(s.patternProperties)
    ? Object.entries(s.patternProperties).map(([p, sub]) => [new RegExp(p, 'u'), compile(sub)])
    : [];
  if (patterns.length)
    onObject((o) => Object.keys(o).every((k) => patterns.every(([re, f]) => !re.test(k) || f(o[k]))));
  if (s.additionalProperties !== undefined) {
    const extra: Check =
      s.additionalProperties === false
        ? () => false
        : s.additionalProperties === true
          ? () => true
          : compile(s.additionalProperties);
    const named = new Set(props.map(([k]) => k));
    onObject((o) => Object.keys(o).every((k) => named.has(k) || patterns.some(([re]) => re.test(k)) || extra(o[k])));
  }
  if (s.minProperties !== undefined) onObject((o) => Object.keys(o).length >= toNumber(s.minProperties));
  if (s.maxProperties !== undefined) onObject((o) => Object.keys(o).length <= toNumber(s.maxProperties));
  if (isPlainObject(s.dependencies)) {
    const deps = Object.entries(s.dependencies).map(([k, d]): [string, Check] => {
      if (Array.isArray(d))
        return [k, (o) => (d as string[]).every((x) => Object.prototype.hasOwnProperty.call(o as Doc, x))];
      return [k, compile(d)];
    });
    onObject((o) => deps.every(([k, f]) => !Object.prototype.hasOwnProperty.call(o, k) || f(o)));
  }
  if (s.items !== undefined) {
    if (Array.isArray(s.items)) {
      const tuple = s.items.map(compile);
      const extra =
        s.additionalItems === undefined || s.additionalItems === true
          ? () => true
          : s.additionalItems === false
            ? () => false
            : compile(s.additionalItems);
      onArray((a) => a.every((el, i) => (i < tuple.length ? tuple[i](el) : extra(el))));
    } else {
      const each = compile(s.items);
      onArray((a) => a.every(each));
    }
  }
  if (s.minItems !== undefined) onArray((a) => a.length >= toNumber(s.minItems));
  if (s.maxItems !== undefined) onArray((a) => a.length <= toNumber(s.maxItems));
  if (s.uniqueItems === true) onArray((a) => a.every((x, i) => a.findIndex((y) => compareValues(x, y) === 0) === i));
  if (s.enum !== undefined) {
    if (!Array.isArray(s.enum) || !s.enum.length) throw badValue('$jsonSchema keyword enum must be a non-empty array');
    const options = s.enum as unknown[];
    checks.push((v) => options.some((o) => compareValues(v, o) === 0));
  }
  if (s.minimum !== undefined) {
    const min = toNumber(s.minimum);
    onNumber((n) => (s.exclusiveMinimum === true ? n > min : n >= min));
  }
  if (s.maximum !== undefined) {
    const max = toNumber(s.maximum);
    onNumber((n) => (s.exclusiveMaximum === true ? n < max : n <= max));
  }
  if (s.multipleOf !== undefined) onNumber((n) => n % toNumber(s.multipleOf) === 0);
  if (s.minLength !== undefined) onString((x) => codePoints(x) >= toNumber(s.minLength));
  if (s.maxLength !== undefined) onString((x) => codePoints(x) <= toNumber(s.maxLength));
  if (s.pattern !== undefined) {
    const re = new RegExp(String(s.pattern), 'u');
    onString((x) => re.test(x));
  }
  const subs = (k: string) => {
    if (!Array.isArray(s[k]) || !(s[k] as unknown[]).length)
      throw badValue(`$jsonSchema keyword ${k} must be a non-empty array`);
    return (s[k] as unknown[]).map(compile);
  };
  if (s.allOf !== undefined) {
    const all = subs('allOf');
    checks.push((v) => all.every((f) => f(v)));
  }
  if (s.anyOf !== undefined) {
    const any = subs('anyOf');
    checks.push((v) => any.some((f) => f(v)));
  }
  if (s.oneOf !== undefined) {
    const one = subs('oneOf');
    checks.push((v) => one.filter((f) => f(v)).length === 1);
  }
  if (s.not !== undefined) {
    const not = compile(s.not);
    checks.push((v) => !not(v));
  }
  return (v) => checks.every((c) => c(v));
}

/** The top-level `$jsonSchema` node: the schema applies to the whole document. */
export function jsonSchemaNode(arg: unknown): FilterNode {
  const check = compile(arg);
  return { test: (doc) => check(doc) };
}
