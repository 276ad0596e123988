import { Doc } from '../../bson-values';

export interface ApplyContext {
  /** The document as it was before this update (for error messages). */
  original: Doc;
  now: Date;
}

/**
 * One update operator. `parse` checks a field's argument once, before any document is read, and
 * throws mongod's error for a malformed one; `apply` changes the private copy `doc` at `path`.
 */
export interface UpdateOperator<A = unknown> {
  parse(arg: unknown, path: string): A;
  apply(doc: Doc, path: string, arg: A, ctx: ApplyContext): void;
  /** Paths other than its own that the operator writes ($rename's target), for conflict checks. */
  alsoWrites?(arg: A): string;
  /** Only applied when the update inserts the document ($setOnInsert). */
  insertOnly?: boolean;
  /** Paths must be concrete: no `$`, `$[]` or `$[id]` ($rename). */
  noPositional?: boolean;
}

export type OperatorTable = Record<string, UpdateOperator<never>>;

/** Types `parse`'s result into `apply` for a table entry. */
export const operator = <A>(op: UpdateOperator<A>): UpdateOperator<never> => op as unknown as UpdateOperator<never>;
