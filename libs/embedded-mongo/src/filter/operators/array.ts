import { badValue } from '../../errors';
import { bsonType, isNumeric, isPlainObject, toNumber } from '../../bson-values';
import { dbRefFields, isOperatorObject } from '../path';
import { eq } from './comparison';
import { FieldOperator, ParseContext, ValuePredicate } from './types';

/** $size $all $elemMatch */

const LOGICAL = new Set(['$and', '$or', '$nor', '$expr', '$where']);

function elemMatch(arg: unknown, ctx: ParseContext): ValuePredicate {
  // `{$ref: …, $id: …}` arrives as a DBRef: it is a document filter on those two fields.
  if (bsonType(arg) === 'DBRef') arg = dbRefFields(arg);
  if (!isPlainObject(arg)) throw badValue('$elemMatch needs an Object');
  // `{$gt: 1}` tests each element as a value; `{a: 1}` or `{$or: …}` tests each element as a document.
  if (isOperatorObject(arg) && !LOGICAL.has(Object.keys(arg)[0])) {
    const test = ctx.operators(arg);
    return (values) => values.some((v) => Array.isArray(v) && v.some((el) => test([el])));
  }
  const node = ctx.filter(arg);
  return (values) =>
    values.some(
      (v) =>
        Array.isArray(v) &&
        v.some((el) =>
          isPlainObject(el) ? node.test(el) : bsonType(el) === 'DBRef' ? node.test(dbRefFields(el)) : false,
        ),
    );
}

export const arrayOperators: Record<string, FieldOperator> = {
  $size: (arg) => {
    if (!isNumeric(arg)) throw badValue('$size needs a number');
    const n = toNumber(arg);
    if (n < 0) throw badValue('$size may not be negative');
    if (!Number.isInteger(n)) throw badValue('$size must be a whole number');
    return (values) => values.some((v) => Array.isArray(v) && v.length === n);
  },
  $all: (arg, _siblings, ctx) => {
    if (!Array.isArray(arg)) throw badValue('$all needs an array');
    if (arg.length === 0) return () => false;
    const isElemMatch = (w: unknown) => isPlainObject(w) && Object.keys(w)[0] === '$elemMatch';
    const elemMatches = arg.filter(isElemMatch).length;
    if (elemMatches && elemMatches !== arg.length) throw badValue('$all/$elemMatch has to be consistent');
    for (const w of arg) {
      if (!elemMatches && isOperatorObject(w)) throw badValue('no $ expressions in $all');
    }
    const tests = arg.map((w) => (elemMatches ? elemMatch((w as { $elemMatch: unknown }).$elemMatch, ctx) : eq(w)));
    return (values) => tests.every((t) => t(values));
  },
  $elemMatch: (arg, _siblings, ctx) => elemMatch(arg, ctx),
};
