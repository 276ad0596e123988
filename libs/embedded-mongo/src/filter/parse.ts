import { Query } from 'mingo';
import { badValue } from '../errors';
import { Doc, isPlainObject } from '../bson-values';
import { DBREF_FIELDS, isOperatorObject, valuesAtPath } from './path';
import { arrayOperators } from './operators/array';
import { comparisonOperators, eq } from './operators/comparison';
import { elementOperators } from './operators/element';
import { evaluationOperators } from './operators/evaluation';
import { jsonSchemaNode } from './operators/json-schema';
import { logicalOperators, logicalTopLevel, TopLevelOperator } from './operators/logical';
import { FieldOperator, FilterNode, ParseContext, ValuePredicate } from './operators/types';

/**
 * Parse, then evaluate: a filter is compiled once into a tree of nodes, reporting mongod's error
 * for anything malformed whatever the documents; the tree is then tested against each document.
 * MongoDB's array semantics live in `valuesAtPath` and the operators; BSON order in bson-values.
 */

const FIELD_OPERATORS: Record<string, FieldOperator> = {
  ...comparisonOperators,
  ...elementOperators,
  ...evaluationOperators,
  ...arrayOperators,
  ...logicalOperators,
};

const TOP_LEVEL: Record<string, TopLevelOperator> = {
  ...logicalTopLevel,
  $expr: (arg) => {
    const q = new Query({ $expr: arg });
    return { test: (doc) => q.test(doc) };
  },
  $jsonSchema: (arg) => jsonSchemaNode(arg),
  $comment: () => ALWAYS,
  $alwaysTrue: () => ALWAYS,
  $alwaysFalse: () => NEVER,
};

const UNSUPPORTED = new Set(['$where', '$text', '$near', '$nearSphere', '$geoWithin', '$geoIntersects']);

const ALWAYS: FilterNode = { test: () => true };
const NEVER: FilterNode = { test: () => false };

const own = (table: object, key: string) => Object.prototype.hasOwnProperty.call(table, key);

const context: ParseContext = { filter: (f) => parseFilter(f), operators: (ops) => parseOperators(ops) };

function parseOperators(ops: Doc): ValuePredicate {
  const preds: ValuePredicate[] = [];
  for (const op of Object.keys(ops)) {
    if (UNSUPPORTED.has(op)) throw badValue(`${op} is not supported by the embedded engine`);
    if (!op.startsWith('$') || !own(FIELD_OPERATORS, op)) throw badValue(`unknown operator: ${op}`);
    const p = FIELD_OPERATORS[op](ops[op], ops, context);
    if (p) preds.push(p);
  }
  if (preds.length === 1) return preds[0];
  return (values) => preds.every((p) => p(values));
}

function pathNode(path: string, test: ValuePredicate): FilterNode {
  return { test: (doc) => test(valuesAtPath(doc, path)) };
}

function parseFilter(filter: unknown): FilterNode {
  if (!isPlainObject(filter)) throw badValue('filter must be an object');
  const nodes: FilterNode[] = [];
  for (const key of Object.keys(filter)) {
    const cond = filter[key];
    if (key.startsWith('$') && !DBREF_FIELDS.has(key)) {
      if (UNSUPPORTED.has(key)) throw badValue(`${key} is not supported by the embedded engine`);
      if (!own(TOP_LEVEL, key)) {
        throw badValue(
          `unknown top level operator: ${key}. If you have a field name that starts with a '$' symbol, ` +
            'consider using $getField or $setField.',
        );
      }
      const node = TOP_LEVEL[key](cond, context);
      if (node !== ALWAYS) nodes.push(node);
      continue;
    }
    nodes.push(pathNode(key, isOperatorObject(cond) ? parseOperators(cond) : eq(cond)));
  }
  if (nodes.length === 0) return ALWAYS;
  if (nodes.length === 1) return nodes[0];
  return { test: (doc) => nodes.every((n) => n.test(doc)) };
}

const compiled = new WeakMap<object, FilterNode>();

/** The compiled tree for `filter` (cached per filter object). Throws mongod's error when malformed. */
export function compileFilter(filter: unknown): FilterNode {
  if (isPlainObject(filter)) {
    const hit = compiled.get(filter);
    if (hit) return hit;
  }
  const node = parseFilter(filter);
  compiled.set(filter as object, node);
  return node;
}

/** Evaluates a filter against one document (compiling it on first use). */
export function matches(doc: Doc, filter: Doc): boolean {
  return compileFilter(filter).test(doc);
}

/** Parses a filter before any document is looked at, so bad filters fail even on empty collections. */
export function validateFilter(filter: unknown): asserts filter is Doc {
  compileFilter(filter);
}
