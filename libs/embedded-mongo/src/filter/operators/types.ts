import { Doc } from '../../bson-values';

/** A compiled test over the values found at one path (see `valuesAtPath`). */
export type ValuePredicate = (values: unknown[]) => boolean;

/** A compiled filter: parsed once, then tested against any number of documents. */
export interface FilterNode {
  test(doc: Doc): boolean;
}

/** What operator parsers may call back into: compiling sub-filters and operator objects. */
export interface ParseContext {
  /** A whole filter, e.g. `$elemMatch: {a: 1}` or an `$or` branch. */
  filter(filter: unknown): FilterNode;
  /** An operator object, e.g. the `{$gt: 1}` of `$elemMatch` or `$not`. */
  operators(ops: Doc): ValuePredicate;
}

/**
 * Parses one field operator's argument (reporting mongod's error for a malformed one) into a
 * predicate; `siblings` is the whole operator object (`$regex` reads `$options`). Null: no test.
 */
export type FieldOperator = (arg: unknown, siblings: Doc, ctx: ParseContext) => ValuePredicate | null;
