import { Decimal128, Long } from 'bson';
import { typeMismatch } from '../../errors';
import { bsonType, cloneValue, compareValues, isNumeric, toNumber } from '../../bson-values';
import { fieldText, getPath, idText, setPath, typeName } from '../paths';
import { operator, OperatorTable, UpdateOperator } from './types';

/** $inc $mul $min $max */

function arith(a: unknown, b: unknown, op: 'add' | 'mul'): unknown {
  if (typeof a === 'number' && typeof b === 'number') return op === 'add' ? a + b : a * b;
  const ta = bsonType(a);
  const tb = bsonType(b);
  if (ta === 'Decimal128' || tb === 'Decimal128') {
    const r = op === 'add' ? toNumber(a) + toNumber(b) : toNumber(a) * toNumber(b);
    return Decimal128.fromString(String(r));
  }
  const la = ta === 'Long' || tb === 'Long';
  if (la && Number.isInteger(toNumber(a)) && Number.isInteger(toNumber(b))) {
    const x = ta === 'Long' ? (a as Long) : Long.fromNumber(toNumber(a));
    const y = tb === 'Long' ? (b as Long) : Long.fromNumber(toNumber(b));
    return op === 'add' ? x.add(y) : x.multiply(y);
  }
  return op === 'add' ? toNumber(a) + toNumber(b) : toNumber(a) * toNumber(b);
}

function arithmetic(name: '$inc' | '$mul', verb: string, op: 'add' | 'mul'): UpdateOperator<never> {
  return operator<unknown>({
    parse: (arg, path) => {
      if (!isNumeric(arg)) throw typeMismatch(`Cannot ${verb} with non-numeric argument: ${fieldText(path, arg)}`);
      return arg;
    },
    apply: (doc, path, arg, ctx) => {
      const current = getPath(doc, path);
      if (current !== undefined && !isNumeric(current)) {
        throw typeMismatch(
          `Cannot apply ${name} to a value of non-numeric type. {_id: ${idText(ctx.original)}} has the field ` +
            `'${path.split('.').pop()}' of non-numeric type ${typeName(current)}`,
        );
      }
      // A missing field counts as 0: $inc sets the argument, $mul sets 0 of the argument's type.
      setPath(doc, path, arith(current === undefined ? 0 : current, arg, op));
    },
  });
}

function bound(keepIf: (c: number) => boolean): UpdateOperator<never> {
  return operator<unknown>({
    parse: (arg) => arg,
    apply: (doc, path, arg) => {
      const current = getPath(doc, path);
      if (current === undefined || keepIf(compareValues(arg, current))) setPath(doc, path, cloneValue(arg));
    },
  });
}

export const arithmeticOperators: OperatorTable = {
  $inc: arithmetic('$inc', 'increment', 'add'),
  $mul: arithmetic('$mul', 'multiply', 'mul'),
  $min: bound((c) => c < 0),
  $max: bound((c) => c > 0),
};
