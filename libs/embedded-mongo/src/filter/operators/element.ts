import { badValue } from '../../errors';
import { hasType, isKnownTypeAlias, isNumeric, toNumber } from '../../bson-values';
import { FieldOperator } from './types';

/** $exists $type */

function checkTypeSpec(spec: unknown): void {
  if (typeof spec === 'string') {
    if (!isKnownTypeAlias(spec)) throw badValue(`Unknown type name alias: ${spec}`);
    return;
  }
  if (!isNumeric(spec)) throw badValue('type must be represented as a number or a string');
  if (!isKnownTypeAlias(spec)) throw badValue(`Invalid numerical type code: ${String(toNumber(spec))}`);
}

export const elementOperators: Record<string, FieldOperator> = {
  // mongod takes any value here, read as a boolean.
  $exists: (arg) => {
    const want = Boolean(isNumeric(arg) ? toNumber(arg) : arg);
    return (values) => values.some((v) => v !== undefined) === want;
  },
  $type: (arg) => {
    const specs = Array.isArray(arg) ? arg : [arg];
    specs.forEach(checkTypeSpec);
    return (values) =>
      specs.some((s) =>
        values.some((v) => v !== undefined && (hasType(v, s) || (Array.isArray(v) && v.some((e) => hasType(e, s))))),
      );
  },
};
