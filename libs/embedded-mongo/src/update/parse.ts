import { Aggregator } from 'mingo';
import { badValue, conflictingUpdateOperators, failedToParse, immutableField, MongoError } from '../errors';
import { cloneValue, compareValues, Doc, isPlainObject } from '../bson-values';
import { arithmeticOperators } from './operators/arithmetic';
import { arrayOperators } from './operators/array';
import { fieldOperators } from './operators/fields';
import { OperatorTable, UpdateOperator } from './operators/types';
import { setPath, typeName } from './paths';
import { expandPositional, hasPositional, PositionalContext } from './positional';

/**
 * Parse, then apply: an update document is compiled once (reporting mongod's errors whatever the
 * documents), then applied to private copies. Operators live in one table, a file per family.
 */

export type UpdateSpec = Doc | Doc[];
export type UpdateContext = PositionalContext;

const OPERATORS: OperatorTable = { ...fieldOperators, ...arithmeticOperators, ...arrayOperators };
const PIPELINE_STAGES = new Set(['$addFields', '$set', '$project', '$unset', '$replaceWith', '$replaceRoot']);

export interface CompiledUpdate {
  readonly kind: 'operators' | 'replacement' | 'pipeline';
  /** The updated copy of `doc`; `doc` itself is never touched. */
  apply(doc: Doc, ctx: UpdateContext): Doc;
}

interface FieldUpdate {
  name: string;
  op: UpdateOperator<unknown>;
  path: string;
  arg: unknown;
}

const own = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

export function isOperatorUpdate(update: Doc): boolean {
  const keys = Object.keys(update);
  return keys.length > 0 && keys[0].startsWith('$');
}

function checkPath(path: string): void {
  if (path === '') throw new MongoError(56, 'EmptyFieldName', 'An empty update path is not valid.');
  if (path.split('.').includes('')) {
    throw new MongoError(
      56,
      'EmptyFieldName',
      `The update path '${path}' contains an empty field name, which is not allowed.`,
    );
  }
}

/** Two writes to one path, or to a path and its parent, conflict (mongod: ConflictingUpdateOperators). */
function claim(claimed: string[], path: string): void {
  for (const t of claimed) {
    if (t === path || t.startsWith(path + '.') || path.startsWith(t + '.')) {
      throw conflictingUpdateOperators(`Updating the path '${path}' would create a conflict at '${t}'`);
    }
  }
  claimed.push(path);
}

function parseOperatorUpdate(update: Doc): CompiledUpdate {
  const fields: FieldUpdate[] = [];
  const claimed: string[] = [];
  for (const name of Object.keys(update)) {
    if (!own(OPERATORS, name)) {
      throw failedToParse(
        `Unknown modifier: ${name}. Expected a valid update modifier or pipeline-style update specified as an array`,
      );
    }
    const spec = update[name];
    if (!isPlainObject(spec)) {
      throw failedToParse(
        `Modifiers operate on fields but we found type ${typeName(spec)} instead. ` +
          'For example: {$mod: {<field>: ...}} ' +
          `not {${name}: ${JSON.stringify(spec)}}`,
      );
    }
    // Since MongoDB 5.0 an empty operand (`{$set: {}}`) is accepted and changes nothing.
    const op = OPERATORS[name] as UpdateOperator<unknown>;
    for (const path of Object.keys(spec)) {
      checkPath(path);
      const arg = op.parse(spec[path], path);
      claim(claimed, path);
      if (op.alsoWrites) {
        const to = op.alsoWrites(arg);
        checkPath(to);
        claim(claimed, to);
      }
      fields.push({ name, op, path, arg });
    }
  }
  const positional = fields.some((f) => hasPositional(f.path));
  return {
    kind: 'operators',
    apply(doc, ctx) {
      const out = cloneValue(doc);
      const actx = { original: doc, now: new Date() };
      // Concrete paths were checked at parse time; positional ones only resolve against the document.
      const written: string[] = [];
      for (const f of fields) {
        if (f.op.insertOnly && !ctx.inserting) continue;
        // `$` is resolved against the document as the query matched it, once per update: a second
        // `items.$.x` must land on the element the first one changed, not be searched for again.
        const paths = f.op.noPositional ? [f.path] : expandPositional(doc, f.path, ctx);
        for (const path of paths) {
          if (positional) claim(written, path);
          if (path === '_id' || path.startsWith('_id.')) {
            if (ctx.inserting && (f.name === '$set' || f.name === '$setOnInsert')) {
              setPath(out, path, cloneValue(f.arg));
              continue;
            }
            if (!(f.name === '$set' && compareValues(getOriginal(doc, path), f.arg) === 0)) {
              throw immutableField("Performing an update on the path '_id' would modify the immutable field '_id'");
            }
          }
          f.op.apply(out, path, f.arg, actx);
        }
      }
      return out;
    },
  };
}

function getOriginal(doc: Doc, path: string): unknown {
  let cur: unknown = doc;
  for (const p of path.split('.')) cur = isPlainObject(cur) && own(cur, p) ? cur[p] : undefined;
  return cur;
}

function parseReplacement(replacement: Doc): CompiledUpdate {
  for (const k of Object.keys(replacement)) {
    if (k.startsWith('$')) {
      throw new MongoError(
        52,
        'DollarPrefixedFieldName',
        `The dollar ($) prefixed field '${k}' in '${k}' is not allowed in the context of an update's replacement ` +
          'document. Consider using an aggregation pipeline with $replaceWith.',
      );
    }
    if (k.includes('.')) throw badValue(`The dotted field '${k}' in a replacement document is not allowed`);
  }
  return {
    kind: 'replacement',
    apply(doc) {
      if (own(replacement, '_id') && doc._id !== undefined && compareValues(replacement._id, doc._id) !== 0) {
        throw immutableField("After applying the update, the (immutable) field '_id' was found to have been altered");
      }
      const out: Doc = {};
      if (doc._id !== undefined) out._id = doc._id;
      for (const k of Object.keys(replacement)) {
        if (k !== '_id' || doc._id === undefined) setPathRaw(out, k, cloneValue(replacement[k]));
      }
      return out;
    },
  };
}

function setPathRaw(out: Doc, key: string, value: unknown): void {
  Object.defineProperty(out, key, { value, writable: true, enumerable: true, configurable: true });
}

function parsePipeline(stages: unknown[]): CompiledUpdate {
  for (const s of stages) {
    if (!isPlainObject(s)) throw failedToParse('Each element of the update pipeline must be an object');
    const name = Object.keys(s)[0];
    if (!PIPELINE_STAGES.has(name)) throw badValue(`${name} is not allowed to be used within an update`);
  }
  return {
    kind: 'pipeline',
    apply(doc) {
      const [out] = new Aggregator(stages as Doc[], { processingMode: 1 /* CLONE_INPUT */ }).run([
        cloneValue(doc),
      ]) as Doc[];
      if (doc._id !== undefined && compareValues(out._id, doc._id) !== 0) {
        throw immutableField("After applying the update, the (immutable) field '_id' was found to have been altered");
      }
      return out;
    },
  };
}

const compiled = new WeakMap<object, CompiledUpdate>();

/** Compiles an update document (operators, replacement or pipeline); throws mongod's error when malformed. */
export function compileUpdate(update: unknown): CompiledUpdate {
  if (typeof update === 'object' && update !== null) {
    const hit = compiled.get(update);
    if (hit) return hit;
  }
  let result: CompiledUpdate;
  if (Array.isArray(update)) result = parsePipeline(update);
  else if (!isPlainObject(update)) throw failedToParse('Update argument must be either an object or an array');
  else result = isOperatorUpdate(update) ? parseOperatorUpdate(update) : parseReplacement(update);
  compiled.set(update as object, result);
  return result;
}

/** Validates an update document without applying it. */
export function validateUpdate(update: unknown): void {
  compileUpdate(update);
}

/** Returns the updated copy of `doc`; `doc` itself is never touched. */
export function applyUpdate(doc: Doc, update: UpdateSpec, ctx: UpdateContext): Doc {
  return compileUpdate(update).apply(doc, ctx);
}
