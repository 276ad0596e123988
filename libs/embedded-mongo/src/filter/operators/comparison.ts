import { badValue } from '../../errors';
import { compareValues, isPlainObject, typeRank } from '../../bson-values';
import { equalsAny, expand, isRegex } from '../path';
import { regexTest } from './evaluation';
import { FieldOperator, ValuePredicate } from './types';

/** $eq $ne $gt $gte $lt $lte $in $nin */

export function eq(want: unknown): ValuePredicate {
  if (isRegex(want)) {
    const re = regexTest(want, undefined);
    return (values) =>
      expand(values).some((v) => (typeof v === 'string' && re(v)) || (isRegex(v) && compareValues(v, want) === 0));
  }
  return (values) => equalsAny(values, want);
}

function range(want: unknown, test: (c: number) => boolean): ValuePredicate {
  const rank = typeRank(want);
  const wantArray = Array.isArray(want);
  return (values) =>
    expand(values).some((v) => {
      if (rank === 1 || rank === 13) return test(compareValues(v, want)); // MinKey / MaxKey bracket everything
      if (v === undefined) return want === null && test(0);
      return typeRank(v) === rank && !Array.isArray(v) === !wantArray && test(compareValues(v, want));
    });
}

function inList(op: string, arg: unknown): ValuePredicate {
  if (!Array.isArray(arg)) throw badValue(`${op} needs an array`);
  for (const w of arg) {
    if (isPlainObject(w) && Object.keys(w)[0]?.startsWith('$')) throw badValue(`cannot nest $ under ${op}`);
  }
  const tests = arg.map(eq);
  return (values) => tests.some((t) => t(values));
}

export const comparisonOperators: Record<string, FieldOperator> = {
  // Unlike the implicit `{a: /re/}`, `$eq` compares a regex as a value.
  $eq: (arg) => (isRegex(arg) ? (values) => equalsAny(values, arg) : eq(arg)),
  $ne: (arg) => {
    if (isRegex(arg)) throw badValue("Can't have regex as arg to $ne.");
    const t = eq(arg);
    return (values) => !t(values);
  },
  $gt: (arg) => range(arg, (c) => c > 0),
  $gte: (arg) => range(arg, (c) => c >= 0),
  $lt: (arg) => range(arg, (c) => c < 0),
  $lte: (arg) => range(arg, (c) => c <= 0),
  $in: (arg) => inList('$in', arg),
  $nin: (arg) => {
    const t = inList('$nin', arg);
    return (values) => !t(values);
  },
};
