import { MongoError, badValue } from '../../errors';
import { isNumeric, toNumber } from '../../bson-values';
import { expand, isRegex } from '../path';
import { FieldOperator } from './types';

/** $regex (+ $options) $mod; `$expr` is a top-level operator (see parse.ts). */

function jsFlags(options: string): string {
  let flags = '';
  for (const c of options) {
    if (c === 'i' || c === 'm' || c === 's') flags += c;
    else if (c === 'u' || c === 'x' || c === 'l') continue;
    else throw new MongoError(51108, 'Location51108', `invalid flag in regex options: ${c}`);
  }
  return flags;
}

/** A compiled regex test; `options` (from `$options`) override the pattern's own flags. */
export function regexTest(pattern: unknown, options: unknown): (s: string) => boolean {
  if (options !== undefined && typeof options !== 'string') throw badValue('$options has to be a string');
  let source: string;
  let flags: string;
  if (pattern instanceof RegExp) {
    source = pattern.source;
    flags = options === undefined ? pattern.flags.replace(/[^ims]/g, '') : jsFlags(options);
  } else if (isRegex(pattern)) {
    const bsonRegex = pattern as { pattern: string; options: string };
    source = bsonRegex.pattern;
    flags = jsFlags(options === undefined ? bsonRegex.options : options);
  } else if (typeof pattern === 'string') {
    source = pattern;
    flags = jsFlags(options ?? '');
  } else {
    throw badValue('$regex has to be a string');
  }
  let re: RegExp;
  try {
    re = new RegExp(source, flags);
  } catch (e) {
    throw new MongoError(51091, 'Location51091', `Regular expression is invalid: ${(e as Error).message}`);
  }
  return (s) => re.test(s);
}

function modPart(v: unknown, name: 'divisor' | 'remainder'): number {
  if (!isNumeric(v)) throw badValue(`malformed mod, ${name} not a number`);
  const n = toNumber(v);
  if (!Number.isFinite(n)) {
    throw badValue(`malformed mod, ${name} value is invalid :: caused by :: Unable to coerce NaN/Inf to integral type`);
  }
  return Math.trunc(n);
}

export const evaluationOperators: Record<string, FieldOperator> = {
  $regex: (arg, siblings) => {
    const re = regexTest(arg, siblings.$options);
    return (values) => expand(values).some((v) => typeof v === 'string' && re(v));
  },
  $options: (_arg, siblings) => {
    if (!('$regex' in siblings)) throw badValue('$options needs a $regex');
    return null;
  },
  $mod: (arg) => {
    if (!Array.isArray(arg)) throw badValue('malformed mod, needs to be an array');
    if (arg.length < 2) throw badValue('malformed mod, not enough elements');
    if (arg.length > 2) throw badValue('malformed mod, too many elements');
    const d = modPart(arg[0], 'divisor');
    const r = modPart(arg[1], 'remainder');
    if (d === 0) throw badValue('divisor cannot be 0');
    return (values) => expand(values).some((v) => isNumeric(v) && Math.trunc(toNumber(v)) % d === r);
  },
  $comment: () => null,
};
