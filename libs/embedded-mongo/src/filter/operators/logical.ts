import { badValue } from '../../errors';
import { isPlainObject } from '../../bson-values';
import { isOperatorObject, isRegex } from '../path';
import { eq } from './comparison';
import { FieldOperator, FilterNode, ParseContext } from './types';

/** $and $or $nor (top level) and $not (on a field) */

export type TopLevelOperator = (arg: unknown, ctx: ParseContext) => FilterNode;

function branches(op: string, arg: unknown, ctx: ParseContext): FilterNode[] {
  if (!Array.isArray(arg)) throw badValue(`${op} must be an array`);
  if (arg.length === 0) throw badValue('$and/$or/$nor must be a nonempty array');
  for (const f of arg) if (!isPlainObject(f)) throw badValue('$or/$and/$nor entries need to be full objects');
  return arg.map((f) => ctx.filter(f));
}

export const logicalTopLevel: Record<string, TopLevelOperator> = {
  $and: (arg, ctx) => {
    const nodes = branches('$and', arg, ctx);
    return { test: (doc) => nodes.every((n) => n.test(doc)) };
  },
  $or: (arg, ctx) => {
    const nodes = branches('$or', arg, ctx);
    return { test: (doc) => nodes.some((n) => n.test(doc)) };
  },
  $nor: (arg, ctx) => {
    const nodes = branches('$nor', arg, ctx);
    return { test: (doc) => !nodes.some((n) => n.test(doc)) };
  },
};

export const logicalOperators: Record<string, FieldOperator> = {
  $not: (arg, _siblings, ctx) => {
    if (isRegex(arg)) {
      const t = eq(arg);
      return (values) => !t(values);
    }
    if (!isPlainObject(arg)) throw badValue('$not needs a regex or a document');
    if (!Object.keys(arg).length) throw badValue('$not cannot be empty');
    if (!isOperatorObject(arg)) throw badValue(`unknown operator: ${Object.keys(arg)[0]}`);
    const t = ctx.operators(arg);
    return (values) => !t(values);
  },
};
